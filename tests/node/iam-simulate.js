// Decides requests against SCPs with @cloud-copilot/iam-simulate, a second evaluator independent of the repository's own.
// stdin: {"scps": [<policy document>...], "requests": [{"name", "principal", "action", "resource", "account", "context"}]}.
// The SCPs are one organization level beside FullAWSAccess; the principal's identity policy allows everything, so a
// request is "Allowed" unless an SCP denies it ("ExplicitlyDenied"). stdout: [{"name", "result", "errors"}].
// With "resourcePolicy" (and no SCPs) the request is decided by that resource policy alone: the principal has no
// identity policy that matters (a service principal, or a principal of another account whose own policy allows
// everything), so only the resource policy may allow it.
// With "identityPolicies" (and no SCPs) the request is decided by the principal's own policies and, when given, its
// "permissionBoundary": an action is allowed only when an identity policy and the boundary both allow it.
'use strict';
const { runSimulation } = require('@cloud-copilot/iam-simulate');

const fullAccess = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

async function main() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const { scps, requests, resourcePolicy, identityPolicies, permissionBoundary } = JSON.parse(text);
  const out = [];
  for (const r of requests) {
    // An IAM principal of another account also needs its own identity policy to allow the call: give it one that allows
    // everything, so the resource policy decides. A service principal has no identity policy.
    const simulation = identityPolicies ? {
      identityPolicies: identityPolicies.map((p, i) => ({ name: `identity-${i + 1}`, policy: p })),
      permissionBoundaryPolicies: permissionBoundary ? [{ name: 'boundary', policy: permissionBoundary }] : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.account },
        contextVariables: r.context || {},
      },
    } : resourcePolicy ? {
      identityPolicies: r.principal.startsWith('arn:') ? [{ name: 'admin', policy: fullAccess }] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.account },
        contextVariables: r.context || {},
      },
    } : {
      identityPolicies: [{ name: 'admin', policy: fullAccess }],
      serviceControlPolicies: [{
        orgIdentifier: 'ou-test-00000000',
        policies: [{ name: 'FullAWSAccess', policy: fullAccess }, ...scps.map((p, i) => ({ name: `scp-${i + 1}`, policy: p }))],
      }],
      resourceControlPolicies: [],
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.account },
        contextVariables: r.context || {},
      },
    };
    const response = await runSimulation(simulation, {});
    out.push(response.resultType === 'error'
      ? { name: r.name, result: null, errors: JSON.stringify(response.errors) }
      : { name: r.name, result: response.overallResult, errors: null });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
