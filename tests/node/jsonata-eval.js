// Evaluates JSONata expressions with the real jsonata package. Reads a JSON array of {name, expression,
// input, bindings} on stdin and prints a JSON array of {name, defined, value, error} (see jsonata-cases.js).
'use strict';
const evaluateCases = require('./jsonata-cases');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  process.stdout.write(JSON.stringify(await evaluateCases(JSON.parse(input))));
});
