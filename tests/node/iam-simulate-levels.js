// Decides requests against SCPs and RCPs at several organization levels with @cloud-copilot/iam-simulate, the
// independent evaluator the replay tests compare with. stdin: {"fullAccess": bool, "scpLevels": [[<policy>...]...],
// "rcpLevels": [[<policy>...]...], "requests": [{"name", "principal", "action", "resource", "account", "context"}]}.
// Each SCP level holds FullAWSAccess when fullAccess is true (Control Tower's default); each RCP level always holds
// RCPFullAWSAccess, which the simulator adds itself (Organizations attaches it everywhere, it cannot be detached). The identity policy allows
// everything and the resource is in the principal's account. Context values may be strings or string arrays.
// stdout: [{"name", "result", "errors"}].
'use strict';
const { runSimulation } = require('@cloud-copilot/iam-simulate');

const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

async function main() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const { fullAccess, scpLevels, rcpLevels, requests } = JSON.parse(text);
  const out = [];
  for (const r of requests) {
    const simulation = {
      identityPolicies: [{ name: 'admin', policy: allowAll }],
      serviceControlPolicies: (scpLevels || []).map((policies, level) => ({
        orgIdentifier: `level-${level}`,
        policies: [...(fullAccess ? [{ name: 'FullAWSAccess', policy: allowAll }] : []), ...policies.map((p, i) => ({ name: `scp-${level}-${i}`, policy: p }))],
      })),
      resourceControlPolicies: (rcpLevels || []).map((policies, level) => ({
        orgIdentifier: `level-${level}`,
        policies: policies.map((p, i) => ({ name: `rcp-${level}-${i}`, policy: p })),
      })),
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
