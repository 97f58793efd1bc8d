import { SetMetadata } from '@nestjs/common';

import type { Role } from './role';

export const ROLES_KEY = 'auth:roles';

/**
 * The route needs an API key holding one of these roles, or a higher one (admin passes every
 * requirement). A route without @Roles is public.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);
