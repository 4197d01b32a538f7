// Evaluates JSONata expressions with the real jsonata package. Reads a JSON array of {name, expression,
// input, bindings} on stdin and prints a JSON array of {name, defined, value, error}: `defined` is false
// when the expression yields undefined (which Step Functions turns into States.QueryEvaluationError in
// Assign and Output), and `error` carries jsonata's own message for an expression that fails.
'use strict';
const jsonata = require('jsonata');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const cases = JSON.parse(input);
  const results = [];
  for (const { name, expression, input: data, bindings } of cases) {
    try {
      const value = await jsonata(expression).evaluate(data === undefined ? {} : data, bindings || {});
      results.push({ name, defined: value !== undefined, value: value === undefined ? null : value, error: null });
    } catch (e) {
      results.push({ name, defined: false, value: null, error: `${e.code || 'error'}: ${e.message}` });
    }
  }
  process.stdout.write(JSON.stringify(results));
});
