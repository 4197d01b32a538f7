// Evaluates a batch of {name, expression, input, bindings} with the real jsonata package and returns
// [{name, defined, value, error}]: `defined` is false when the expression yields undefined (which Step Functions
// turns into States.QueryEvaluationError in Assign and Output), and `error` carries jsonata's own message.
// Shared by jsonata-eval.js (one batch per process) and jsonata-session.js (one batch per stdin line).
'use strict';
const jsonata = require('jsonata');

module.exports = async function evaluateCases(cases) {
  const results = [];
  for (const { name, expression, input: data, bindings } of cases) {
    try {
      const value = await jsonata(expression).evaluate(data === undefined ? {} : data, bindings || {});
      results.push({ name, defined: value !== undefined, value: value === undefined ? null : value, error: null });
    } catch (e) {
      results.push({ name, defined: false, value: null, error: `${e.code || 'error'}: ${e.message}` });
    }
  }
  return results;
};
