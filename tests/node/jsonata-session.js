// The same evaluation as jsonata-eval.js, kept running: each stdin line is a JSON array of {name, expression, input,
// bindings} and gets one stdout line with the JSON array of {name, defined, value, error}. Walking a state machine
// evaluates state after state; one process for the whole walk avoids starting node for every state.
'use strict';
const jsonata = require('jsonata');
const readline = require('readline');
const lines = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const cases = JSON.parse(line);
    const results = [];
    for (const { name, expression, input: data, bindings } of cases) {
      try {
        const value = await jsonata(expression).evaluate(data === undefined ? {} : data, bindings || {});
        results.push({ name, defined: value !== undefined, value: value === undefined ? null : value, error: null });
      } catch (e) {
        results.push({ name, defined: false, value: null, error: `${e.code || 'error'}: ${e.message}` });
      }
    }
    process.stdout.write(JSON.stringify(results) + '\n');
  });
});
