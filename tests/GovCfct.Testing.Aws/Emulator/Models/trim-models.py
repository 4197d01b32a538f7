#!/usr/bin/env python3
"""Vendors the parts of the botocore service models (Apache-2.0) that GovCfct calls: the listed operations,
every shape they reach and their error shapes, documentation dropped. Re-run after updating ../shared/reference."""
import json, sys, pathlib

REF = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../../../../../shared/reference/aws-api-models")
OPS = {
    "codecommit": ["GetRepository", "GetBranch", "CreateBranch", "GetCommit", "GetFolder", "GetFile",
                   "GetDifferences", "CreateCommit", "CreatePullRequest", "GetPullRequest",
                   "CreatePullRequestApprovalRule", "GetPullRequestApprovalStates",
                   "EvaluatePullRequestApprovalRules", "UpdatePullRequestApprovalState",
                   "MergePullRequestByFastForward", "ListPullRequests", "CreateApprovalRuleTemplate",
                   "AssociateApprovalRuleTemplateWithRepository", "GetApprovalRuleTemplate",
                   "OverridePullRequestApprovalRules"],
    "codepipeline": ["GetPipelineState", "GetPipelineExecution", "PutApprovalResult"],
    "cloudformation": ["ListStackSets", "DescribeStackSet", "ListStackInstances", "DescribeStackInstance",
                       "ListStackSetOperations", "ListStackSetOperationResults", "DetectStackSetDrift",
                       "DescribeStackSetOperation", "DescribeOrganizationsAccess"],
    "controltower": ["ListEnabledControls", "GetEnabledControl", "ListControlOperations"],
    # Not in ../shared/reference: botocore's own data/config/2014-11-12/service-2.json (botocore 1.43.11, gunzipped).
    "config": ["GetOrganizationConformancePackDetailedStatus"],
}

def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in ("documentation", "documentationUrl")}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node

for service, ops in OPS.items():
    model = json.load(open(REF / f"{service}.service-2.json"))
    shapes, todo = {}, []
    out_ops = {}
    for op in ops:
        o = model["operations"][op]
        out_ops[op] = strip(o)
        for key in ("input", "output"):
            if key in o:
                todo.append(o[key]["shape"])
        todo += [e["shape"] for e in o.get("errors", [])]
    while todo:
        name = todo.pop()
        if name in shapes:
            continue
        shape = model["shapes"][name]
        shapes[name] = strip(shape)
        for m in shape.get("members", {}).values():
            todo.append(m["shape"])
        for k in ("member", "key", "value"):
            if k in shape:
                todo.append(shape[k]["shape"])
    result = {"_source": f"botocore {service}.service-2.json (Apache-2.0), trimmed to the operations GovCfct calls",
              "metadata": model["metadata"], "operations": dict(sorted(out_ops.items())),
              "shapes": dict(sorted(shapes.items()))}
    with open(f"{service}.model.json", "w", newline="\n") as f:
        json.dump(result, f, indent=1, sort_keys=False)
        f.write("\n")
    print(service, len(out_ops), "operations", len(shapes), "shapes")
