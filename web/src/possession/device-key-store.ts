/**
 * Device keys kept in IndexedDB, one per username: IndexedDB can hold a non-extractable CryptoKey (structured
 * clone keeps the key object, never its bytes), unlike localStorage. Enrolling again replaces the key.
 */
import type { DeviceKey } from './device-key.js';
import { canonicalUsername } from '../../../shared/domain/user.js';

const DB_NAME = 'facegate-device-keys';
const STORE = 'keys';

interface StoredKey extends DeviceKey {
  username: string;
  createdAt: string;
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'username' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function run<T>(factory: IDBFactory, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>) {
  const db = await open(factory);
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export class DeviceKeyStore {
  constructor(private readonly factory: IDBFactory = indexedDB) {}

  async save(username: string, key: DeviceKey): Promise<void> {
    const record: StoredKey = { ...key, username: canonicalUsername(username), createdAt: new Date().toISOString() };
    await run(this.factory, 'readwrite', (store) => store.put(record));
  }

  /** The key enrolled on this browser for `username`, or null. */
  async load(username: string): Promise<DeviceKey | null> {
    const record = await run<StoredKey | undefined>(
      this.factory,
      'readonly',
      (store) => store.get(canonicalUsername(username)) as IDBRequest<StoredKey | undefined>,
    );
    return record ? { privateKey: record.privateKey, publicJwk: record.publicJwk } : null;
  }
}
