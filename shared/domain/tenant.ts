/** An organization using FaceGate; every other record belongs to exactly one tenant. */
export interface Tenant {
  id: string;
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
}
