import { createLogger, redactUrls } from '@app/runtime';
import { testConfig } from '@app/testing';
import { Logger } from '@nestjs/common';

const SECRETS = ['s3cr3t-token', 'hunter2', 'tok-in-user', 'frag-secret'];
const URL_WITH_SECRETS =
  'https://tok-in-user:hunter2@news.example/rss?access_token=s3cr3t-token&page=2#frag-secret';

/** Everything one logger writes to stdout and stderr while `run` runs. */
function written(format: 'json' | 'text', run: (logger: ReturnType<typeof createLogger>) => void): string {
  const { config } = testConfig('sqlite', { LOG_LEVEL: 'debug', LOG_FORMAT: format });
  const logger = createLogger(config, 'Test');
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    run(logger);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines.join('');
}

describe('redactUrls', () => {
  it.each([
    [URL_WITH_SECRETS, 'https://***@news.example/rss?access_token=***&page=***#***'],
    ['polling http://feeds.example/a.xml?key=abc now', 'polling http://feeds.example/a.xml?key=*** now'],
    ['postgres://app:pw@db:5432/timeline', 'postgres://***@db:5432/timeline'],
    ['bare ?token in https://x.example/?abcdef', 'bare ?token in https://x.example/?***'],
    ['{"url":"https://x.example/?t=1"}', '{"url":"https://x.example/?t=***"}'],
    ['no url here: a=b?c', 'no url here: a=b?c'],
    ['https://plain.example/path/feed.xml', 'https://plain.example/path/feed.xml'],
  ])('%s', (text, expected) => {
    expect(redactUrls(text)).toBe(expected);
  });
});

describe('the logger redacts secrets in URLs from every line', () => {
  it.each(['text', 'json'] as const)('%s format: messages, parameters, errors and stacks', (format) => {
    const output = written(format, (logger) => {
      logger.log(`Polling ${URL_WITH_SECRETS}`);
      logger.warn({ feed: { url: URL_WITH_SECRETS } });
      logger.error(`Fetch failed for ${URL_WITH_SECRETS}`, new Error(`at ${URL_WITH_SECRETS}`).stack);
      logger.error(new Error(`GET ${URL_WITH_SECRETS} answered 500`));
      logger.debug(() => `lazy ${URL_WITH_SECRETS}`);
    });
    expect(output).toContain('news.example/rss?access_token=***');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
  });

  it("reaches Nest's static Logger once it is the app's logger", () => {
    const output = written('text', (logger) => {
      Logger.overrideLogger(logger);
      try {
        new Logger('FeedPoller').warn(`Feed ${URL_WITH_SECRETS} answered 404`);
      } finally {
        Logger.overrideLogger(new Logger());
      }
    });
    expect(output).toContain('FeedPoller');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
  });
});
