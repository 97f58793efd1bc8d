import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));

const databaseUrl = z.string().refine((url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), {
  message: 'must be sqlite:<path> or postgres://user@host:port/database[?schema=name]',
});

const urlString = z.string().refine((value) => URL.canParse(value), { message: 'must be an absolute URL' });

/** Every environment variable the product reads, with its default. The only description of them. */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: databaseUrl.default('sqlite:./data/timeline.sqlite'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  REDIS_URL: z
    .string()
    .refine((url) => /^rediss?:\/\/.+/.test(url), { message: 'must be redis://host:port[/db]' })
    .default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only')
    .default('timeline'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: urlString.optional(),
  SMTP_URL: urlString.optional(),
  ALLOW_PRIVATE_NETWORK: booleanFlag.optional(),
  /** Whether public reads (routes marked @PublicRead) are open; `false` makes them need any API key. */
  PUBLIC_READ: booleanFlag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
});

export type Environment = z.input<typeof environmentSchema>;
