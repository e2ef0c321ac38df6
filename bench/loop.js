'use strict';
// Compiles one call expression into its own measuring loop.
//
// Every task gets a separate function compiled from source, not a closure
// from a shared factory: closures created at one site share V8's feedback, so
// the call sites would turn polymorphic across tasks and every task would be
// measured slower than a program calling one function would see.
// The last result is returned so no call can be dropped as dead code; number
// results start from 0 so V8 keeps them unboxed, as a caller storing into a
// local variable would.

/**
 * @param {string} call   an expression over `api`, `id`, `out` (for example `api.clockGettimeInto(id, out)`)
 * @param {'number'|'value'} result  what the call returns
 * @returns {(api: object, id: number, out: Float64Array, n: number) => unknown}
 */
function compileLoop(call, result) {
  const init = result === 'number' ? '0' : 'null';
  // eslint-disable-next-line no-new-func
  return new Function('api', 'id', 'out', 'n', `let r = ${init};\nfor (let i = 0; i < n; i++) r = ${call};\nreturn r;`);
}

module.exports = { compileLoop };
