import { forbidden } from '../app-error.js';
import type { Principal } from '../facegate-app.js';

export function requireOperator(principal: Principal): void {
  if (principal.role !== 'operator') throw forbidden('This operation needs an operator API key');
}
