// Types of the ES module entry (lib/index.mjs): the same declarations as the
// CommonJS entry, plus the default export (the whole module object).
import * as vdso from '../dist/index.js';

export * from '../dist/index.js';
export default vdso;
