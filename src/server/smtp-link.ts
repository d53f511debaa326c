import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

/**
 * One SMTP client connection kept open for a run's deliveries: nodemailer's SMTPConnection, the
 * layer under its transports. Each message is still a full SMTP transaction (MAIL, RCPT, DATA),
 * but without the transport's per-message machinery (composition, abort signals, pooling), which
 * cost more than the server's work for bulk deliveries. Opened on first use, reopened after a drop.
 */
export class SmtpLink {
  private connection?: SMTPConnection;
  private opening?: Promise<SMTPConnection>;

  constructor(
    private readonly host: string,
    private readonly port: number,
    /** EHLO name: fixed, so Received headers are the same on every machine. */
    private readonly name: string,
  ) {}

  /** Delivers `raw` to `to`; resolves once the server has answered DATA with 250. */
  async send(from: string, to: readonly string[], raw: Buffer): Promise<{ accepted: string[]; rejected: string[] }> {
    const connection = await this.open();
    return new Promise((resolve, reject) => {
      connection.send({ from, to: [...to] }, raw, (error, info) => {
        if (error) {
          this.forget(connection);
          connection.close();
          reject(error);
          return;
        }
        const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
        resolve({ accepted: list(info.accepted), rejected: list(info.rejected) });
      });
    });
  }

  close(): void {
    const connection = this.connection;
    this.connection = undefined;
    connection?.quit();
  }

  private open(): Promise<SMTPConnection> {
    if (this.connection) return Promise.resolve(this.connection);
    this.opening ??= new Promise<SMTPConnection>((resolve, reject) => {
      const connection = new SMTPConnection({ host: this.host, port: this.port, secure: false, ignoreTLS: true, name: this.name });
      // A drop between deliveries is noticed at the next send, which opens a new connection.
      connection.on('error', () => this.forget(connection));
      connection.on('end', () => this.forget(connection));
      connection.connect((error?: Error) => {
        this.opening = undefined;
        if (error) return reject(error);
        this.connection = connection;
        resolve(connection);
      });
    });
    return this.opening;
  }

  private forget(connection: SMTPConnection): void {
    if (this.connection === connection) this.connection = undefined;
  }
}
