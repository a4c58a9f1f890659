/**
 * Secrets for a local stack with no secret manager: generated once, kept in `<dataDir>/secrets.json` (mode 0600),
 * so restarting `npm start` keeps decrypting old templates and honouring issued tokens.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JWK } from 'jose';
import type { TemplateKeyring } from '../crypto/template-cipher.js';

interface SecretsFile {
  /** The first template key (id `k1`), as written before keys could rotate. */
  templateKey?: string;
  /** The template keyring once a key has rotated: the active id and every key still readable (base64). */
  templateKeys?: { active: string; keys: Record<string, string> };
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

  /** The template keyring: `k1` generated on first use, or the keys a rotation left. */
  async templateKeyring(): Promise<TemplateKeyring> {
    const current = await this.read();
    if (current.templateKeys) return decodeKeyring(current.templateKeys);
    const k1 = await this.bytes('templateKey');
    return { activeKeyId: 'k1', keys: { k1 } };
  }

  /**
   * Starts a template key rotation: a fresh key becomes the active one and every earlier key stays readable until
   * {@link retireTemplateKeys}. @returns the new keyring.
   */
  async addTemplateKey(): Promise<TemplateKeyring> {
    const { keys } = await this.templateKeyring();
    const activeKeyId = nextKeyId(Object.keys(keys));
    const next = { activeKeyId, keys: { ...keys, [activeKeyId]: new Uint8Array(randomBytes(32)) } };
    await this.saveKeyring(next);
    return next;
  }

  /** Ends a rotation: forgets every template key but the active one. @returns the ids forgotten. */
  async retireTemplateKeys(): Promise<string[]> {
    const { activeKeyId, keys } = await this.templateKeyring();
    const active = keys[activeKeyId];
    if (!active) throw new Error(`${this.file}: the active template key ${activeKeyId} is missing`);
    await this.saveKeyring({ activeKeyId, keys: { [activeKeyId]: active } });
    return Object.keys(keys).filter((id) => id !== activeKeyId);
  }

  private async saveKeyring(keyring: TemplateKeyring): Promise<void> {
    const { templateKey: _legacy, ...rest } = await this.read();
    const keys = Object.fromEntries(
      Object.entries(keyring.keys).map(([id, key]) => [id, Buffer.from(key).toString('base64')]),
    );
    await this.write({ ...rest, templateKeys: { active: keyring.activeKeyId, keys } });
  }

  async signingKeys(): Promise<JWK[] | null> {
    return (await this.read()).signingKeys ?? null;
  }

  async saveSigningKeys(keys: JWK[]): Promise<void> {
    await this.write({ ...(await this.read()), signingKeys: keys });
  }
}

function decodeKeyring(stored: { active: string; keys: Record<string, string> }): TemplateKeyring {
  const keys = Object.fromEntries(
    Object.entries(stored.keys).map(([id, key]) => [id, new Uint8Array(Buffer.from(key, 'base64'))]),
  );
  return { activeKeyId: stored.active, keys };
}

/** `k<n+1>` after the highest `k<n>` in use, so ids never repeat within a keyring's life. */
function nextKeyId(ids: string[]): string {
  const highest = Math.max(0, ...ids.map((id) => Number(/^k(\d+)$/.exec(id)?.[1] ?? 0)));
  return `k${highest + 1}`;
}
