/**
 * Secrets for a local stack with no secret manager: generated once, kept in `<dataDir>/secrets.json` (mode 0600),
 * so restarting `npm start` keeps decrypting old templates and honouring issued tokens.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JWK } from 'jose';

interface SecretsFile {
  templateKey?: string;
  uploadSecret?: string;
  signingKeys?: JWK[];
}

export class LocalSecrets {
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, 'secrets.json');
  }

  private async read(): Promise<SecretsFile> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as SecretsFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`Cannot read ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async write(next: SecretsFile): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    await writeFile(this.file, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  }

  /** A 32-byte random secret stored under `name`, created on first use. */
  async bytes(name: 'templateKey' | 'uploadSecret'): Promise<Uint8Array> {
    const current = await this.read();
    const existing = current[name];
    if (existing) return new Uint8Array(Buffer.from(existing, 'base64'));
    const fresh = randomBytes(32);
    await this.write({ ...current, [name]: fresh.toString('base64') });
    return new Uint8Array(fresh);
  }

  async signingKeys(): Promise<JWK[] | null> {
    return (await this.read()).signingKeys ?? null;
  }

  async saveSigningKeys(keys: JWK[]): Promise<void> {
    await this.write({ ...(await this.read()), signingKeys: keys });
  }
}
