// Validates Step Functions definitions with asl-validator. Reads a JSON array of {name, definition} on stdin
// (definition: the state machine as a JSON object) and prints a JSON array of {name, valid, errors}.
'use strict';
const aslValidator = require('asl-validator');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const cases = JSON.parse(input);
  const results = cases.map(({ name, definition }) => {
    const { isValid, errorsText } = aslValidator(definition);
    return { name, valid: isValid, errors: isValid ? '' : errorsText('\n') };
  });
  process.stdout.write(JSON.stringify(results));
});
