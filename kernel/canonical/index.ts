export * from './model';
export * from './provider';
export * from './request';
export * from './response';
export * from './stream';
export * from './upstream-error';
export * from './usage';
export * from './estimate-tokens';
export { CANONICAL_VERSION } from './version';
