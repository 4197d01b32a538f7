// The same evaluation as jsonata-eval.js, kept running: each stdin line is a JSON array of {name, expression, input,
// bindings} and gets one stdout line with the JSON array of {name, defined, value, error}. Walking a state machine
// evaluates state after state; one process for the whole walk avoids starting node for every state.
'use strict';
const evaluateCases = require('./jsonata-cases');
const readline = require('readline');
const lines = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    process.stdout.write(JSON.stringify(await evaluateCases(JSON.parse(line))) + '\n');
  });
});
