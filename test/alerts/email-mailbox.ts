// A real SMTP server in the test process (smtp-server), whose mail is read as a mail client reads it
// (mailparser). It can refuse recipients with the reply a test chooses, at the RCPT stage.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients. */
  to: string[];
  mail: ParsedMail;
  /** Every header, as the raw message has it (`list-unsubscribe` → `<https://…>`). */
  header(name: string): string | undefined;
}

/** A reply to refuse a recipient with, or undefined to accept it. `nth` counts that address's tries. */
export type RcptRule = (nth: number) => { code: number; message: string } | undefined;

export class Mailbox {
  readonly received: ReceivedMail[] = [];
  private readonly rules = new Map<string, RcptRule>();
  private readonly tries = new Map<string, number>();

  private readonly server: SMTPServer;
  private listening = 0;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no TLS upgrade to negotiate, no login.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.decide(address.address);
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        simpleParser(stream)
          .then((mail) => {
            this.received.push({
              to: recipients,
              mail,
              header: (name) =>
                mail.headerLines
                  .find((line) => line.key === name.toLowerCase())
                  ?.line.replace(/^[^:]+:\s*/, ''),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  }

  static async start(): Promise<Mailbox> {
    const mailbox = new Mailbox();
    await new Promise<void>((resolve, reject) => {
      mailbox.server.once('error', reject);
      mailbox.server.listen(0, '127.0.0.1', () => resolve());
    });
    mailbox.listening = (mailbox.server.server.address() as { port: number }).port;
    return mailbox;
  }

  get port(): number {
    return this.listening;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** From now on, RCPT TO `address` is answered by `rule`. */
  refuse(address: string, rule: RcptRule): void {
    this.rules.set(address.toLowerCase(), rule);
  }

  /** RCPT TO tries seen for an address (accepted or refused). */
  triesFor(address: string): number {
    return this.tries.get(address.toLowerCase()) ?? 0;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((received) =>
      received.to.some((to) => to.toLowerCase() === address.toLowerCase()),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private decide(address: string): ReturnType<RcptRule> {
    const key = address.toLowerCase();
    const nth = (this.tries.get(key) ?? 0) + 1;
    this.tries.set(key, nth);
    return this.rules.get(key)?.(nth);
  }
}

/** The first link in a text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[^\\s"<>]*`).exec(text);
  if (!match) throw new Error(`No link starting with ${prefix} in:\n${text}`);
  return match[0];
}
