/** Versioned event contracts shared by publishers and consumers. */
export * from './auth-attempted.js';
export * from './capture-observed.js';
export * from './common.js';
export * from './drift-detected.js';
export * from './enrollment-rejected.js';
export * from './errors.js';
export * from './face-enrolled.js';
export * from './registry.js';
export * from './security-alert.js';
