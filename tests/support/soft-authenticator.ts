/**
 * A WebAuthn platform authenticator in software, for tests without a browser: makes an ES256 credential and signs
 * assertions the way a device does (attestation `none`, user present and verified, a signature counter), so the
 * server's passkey checks run against real responses. Flags let a test make the responses a cloned or synced
 * authenticator would send.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface SoftAuthenticatorOptions {
  /** Report the credential as synced (backup eligible and backed up). */
  synced?: boolean;
  /** Answer without user verification (presence only). */
  noUserVerification?: boolean;
}

export class SoftAuthenticator {
  readonly credentialId: Buffer;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** The signature counter of the next assertion minus one; tests may wind it back. */
  counter = 0;

  constructor(
    private readonly options: SoftAuthenticatorOptions = {},
    /** Holds `same`'s credential (its id and key) but answers with these options: a tampered twin. */
    same?: SoftAuthenticator,
  ) {
    const pair: { privateKey: KeyObject; publicKey: KeyObject } = same
      ? { privateKey: same.privateKey, publicKey: same.publicKey }
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.credentialId = same?.credentialId ?? randomBytes(16);
    this.counter = same?.counter ?? 0;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  register(challenge: string, origin: string, rpId = new URL(origin).hostname): RegistrationResponseJSON {
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin, crossOrigin: false }));
    const jwk = this.publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      this.authData(rpId, FLAG_AT),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      this.credentialId,
      Buffer.from(isoCBOR.encode(cose)),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** An assertion over `challenge`; the counter goes up by one first. */
  authenticate(challenge: string, origin: string, rpId = new URL(origin).hostname): AuthenticationResponseJSON {
    this.counter += 1;
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false }));
    const authData = this.authData(rpId, 0);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private authData(rpId: string, extraFlags: number): Buffer {
    let flags = FLAG_UP | extraFlags;
    if (!this.options.noUserVerification) flags |= FLAG_UV;
    if (this.options.synced) flags |= FLAG_BE | FLAG_BS;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter]);
  }
}
