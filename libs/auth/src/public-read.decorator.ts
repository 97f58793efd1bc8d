import { SetMetadata } from '@nestjs/common';

export const PUBLIC_READ_KEY = 'auth:public-read';

/**
 * A read that is open to anyone unless the configuration closes it (PUBLIC_READ=false); then it
 * needs a valid API key of any role. The decision is made per request by ApiKeyGuard, from the
 * injected configuration, never here.
 */
export const PublicRead = () => SetMetadata(PUBLIC_READ_KEY, true);
