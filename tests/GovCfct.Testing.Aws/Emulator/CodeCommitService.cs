using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// CodeCommit's repository state in memory — repositories, branches, commits with file trees, blobs (git blob
/// ids), pull requests, approval rules and states, approval-rule templates, fast-forward merges — with the
/// behaviour and error types AWS documents for each operation GovCfct calls.
/// </summary>
internal sealed class CodeCommitService : IEmulatedService
{
    private const string AccountId = "111122223333";
    private readonly Dictionary<string, Repository> _repositories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PullRequest> _pullRequests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Template> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Commit> _commits = new(StringComparer.Ordinal);
    private int _sequence;
    private int _pullRequestSequence;

    public ServiceModel Model { get; } = ServiceModel.Load("codecommit");

    /// <summary>Creates a repository (the product never does; an administrator does).</summary>
    public void CreateRepository(string name, string defaultBranch = "main") =>
        _repositories[name] = new Repository(name, Guid.NewGuid().ToString(), defaultBranch);

    /// <summary>Commits directly on a branch as someone else would (a concurrent change, or a seed).</summary>
    public string CommitAsOther(string repository, string branch, IReadOnlyDictionary<string, string> files)
    {
        lock (this)
        {
            var repo = _repositories[repository];
            repo.Branches.TryGetValue(branch, out var parent);
            var tree = parent is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : new SortedDictionary<string, string>(_commits[parent].Tree, StringComparer.Ordinal);
            foreach (var (path, content) in files)
            {
                tree[path] = StoreBlob(Encoding.UTF8.GetBytes(content));
            }

            var id = NewCommit(tree, parent, "concurrent change", "someone-else");
            MoveBranch(repo, branch, id);
            return id;
        }
    }

    /// <summary>Creates an approval-rule template and associates it, as the organization's administrator does (gate setup).</summary>
    public void AddTemplateAsAdministrator(string name, string content, string repository)
    {
        lock (this)
        {
            _templates[name] = new Template(Guid.NewGuid().ToString(), name, content, "administrator");
            _repositories[repository].Templates.Add(name);
        }
    }

    /// <summary>Deletes an approval-rule template (DeleteApprovalRuleTemplate also removes its associations).</summary>
    public void DeleteTemplateAsAdministrator(string name)
    {
        lock (this)
        {
            _templates.Remove(name);
            foreach (var repository in _repositories.Values)
            {
                repository.Templates.Remove(name);
            }
        }
    }

    /// <summary>Names of the pull request's approval rules and, for those CodeCommit made from a template, the template's name.</summary>
    public IReadOnlyList<(string Name, string? Template)> PullRequestRules(string id) => [.. _pullRequests[id].Rules.Select(r => (r.Name, r.Origin?.Name))];

    public string? BranchHead(string repository, string branch) =>
        _repositories[repository].Branches.GetValueOrDefault(branch);

    public IReadOnlyList<string> Branches(string repository) => [.. _repositories[repository].Branches.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyDictionary<string, string> FilesAt(string repository, string branch) =>
        _commits[_repositories[repository].Branches[branch]].Tree.ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(_blobs[p.Value]), StringComparer.Ordinal);

    public int CommitCount => _commits.Count;

    /// <summary>Answer pull requests without their optional mergeBase.</summary>
    public bool OmitMergeBase { get; set; }

    public int PullRequestCount => _pullRequests.Count;

    public string? PullRequestDescription(string id) => _pullRequests[id].Description;

    public IReadOnlyList<string> PullRequestRuleContents(string id) => [.. _pullRequests[id].Rules.Select(r => r.Content)];

    /// <summary>Contents of the rules added to the pull request itself (not created by CodeCommit from a template).</summary>
    public IReadOnlyList<string> PullRequestOwnRuleContents(string id) => [.. _pullRequests[id].Rules.Where(r => r.Origin is null).Select(r => r.Content)];

    /// <summary>Records an approval as <paramref name="approver"/> would through the console.</summary>
    public void ApproveAs(string pullRequestId, string approver) => _pullRequests[pullRequestId].Approvals[approver] = "APPROVE";

    /// <summary>Closes a pull request without merging it, as a reviewer does in the console (UpdatePullRequestStatus CLOSED).</summary>
    public void CloseAs(string pullRequestId) => _pullRequests[pullRequestId].Status = "CLOSED";

    /// <summary>Whether a pull request was merged, and by whom.</summary>
    public string? MergedBy(string pullRequestId) => _pullRequests[pullRequestId].MergedBy;

    /// <summary>
    /// What IAM evaluates for a CodeCommit call (CodeCommit User Guide, "CodeCommit permissions reference": the resource
    /// is the repository; approval-rule templates have none). <c>codecommit:References</c> is set, as "Limit pushes and
    /// merges to branches in AWS CodeCommit" documents, for the branch-level actions GovCfct calls: CreateBranch and
    /// CreateCommit (the branch written) and MergePullRequestBy* (the destination branch).
    /// </summary>
    public AuthorizationRequest Authorization(string operation, JsonElement input)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string? repository = Str(input, "repositoryName");
        if (operation == "CreatePullRequest" && Array(input, "targets") is [var target, ..])
        {
            repository = Str(target, "repositoryName");
        }

        if (Str(input, "pullRequestId") is { } id && _pullRequests.TryGetValue(id, out var pr))
        {
            repository ??= pr.Repository.Name;
            if (operation.StartsWith("MergePullRequestBy", StringComparison.Ordinal))
            {
                keys["codecommit:References"] = "refs/heads/" + pr.Destination;
            }
        }

        if (operation is "CreateBranch" or "CreateCommit" && Str(input, "branchName") is { } branch)
        {
            keys["codecommit:References"] = "refs/heads/" + Ref(branch);
        }

        var resource = operation is "CreateApprovalRuleTemplate" or "GetApprovalRuleTemplate" || repository is null
            ? "*"
            : $"arn:aws:codecommit:ap-northeast-1:{AccountId}:{repository}";
        return new AuthorizationRequest("codecommit:" + operation, resource, keys);
    }

    public JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller) => operation switch
    {
        "GetRepository" => GetRepository(input),
        "GetBranch" => GetBranch(input),
        "CreateBranch" => CreateBranch(input),
        "GetCommit" => GetCommit(input),
        "GetFolder" => GetFolder(input),
        "GetFile" => GetFile(input),
        "GetDifferences" => GetDifferences(input),
        "CreateCommit" => CreateCommit(input, caller),
        "CreatePullRequest" => CreatePullRequest(input, caller),
        "GetPullRequest" => new JsonObject { ["pullRequest"] = Describe(PullRequestOf(input)) },
        "ListPullRequests" => ListPullRequests(input),
        "CreatePullRequestApprovalRule" => CreatePullRequestApprovalRule(input),
        "GetPullRequestApprovalStates" => GetApprovalStates(input),
        "EvaluatePullRequestApprovalRules" => Evaluate(input),
        "UpdatePullRequestApprovalState" => UpdateApprovalState(input, caller),
        "MergePullRequestByFastForward" => MergeFastForward(input, caller),
        "CreateApprovalRuleTemplate" => CreateTemplate(input),
        "GetApprovalRuleTemplate" => new JsonObject { ["approvalRuleTemplate"] = Describe(TemplateOf(Str(input, "approvalRuleTemplateName")!)) },
        "AssociateApprovalRuleTemplateWithRepository" => Associate(input),
        "OverridePullRequestApprovalRules" => Override(input, caller),
        _ => throw new EmulatedAwsError("UnknownOperationException", $"Operation {operation} is not emulated."),
    };

    private JsonObject GetRepository(JsonElement input)
    {
        var repo = RepositoryOf(input);
        return new JsonObject
        {
            ["repositoryMetadata"] = new JsonObject
            {
                ["accountId"] = AccountId,
                ["repositoryId"] = repo.Id,
                ["repositoryName"] = repo.Name,
                ["defaultBranch"] = repo.Branches.Count == 0 ? null : repo.DefaultBranch,
                ["Arn"] = $"arn:aws:codecommit:ap-northeast-1:{AccountId}:{repo.Name}",
            },
        };
    }

    private JsonObject GetBranch(JsonElement input)
    {
        if (Str(input, "repositoryName") is null)
        {
            throw new EmulatedAwsError("RepositoryNameRequiredException", "A repository name is required.");
        }

        var repo = RepositoryOf(input);
        var name = Str(input, "branchName") ?? throw new EmulatedAwsError("BranchNameRequiredException", "A branch name is required.");
        var head = repo.Branches.GetValueOrDefault(name) ?? throw new EmulatedAwsError("BranchDoesNotExistException", $"Branch {name} does not exist in {repo.Name}.");
        return new JsonObject { ["branch"] = new JsonObject { ["branchName"] = name, ["commitId"] = head } };
    }

    private JsonObject CreateBranch(JsonElement input)
    {
        var repo = RepositoryOf(input);
        var name = Str(input, "branchName")!;
        ValidateBranchName(name);
        if (repo.Branches.ContainsKey(name))
        {
            throw new EmulatedAwsError("BranchNameExistsException", $"Branch {name} already exists.");
        }

        var commit = Str(input, "commitId")!;
        if (!_commits.ContainsKey(commit) || !Reachable(repo, commit))
        {
            throw new EmulatedAwsError("CommitDoesNotExistException", $"Commit {commit} does not exist.");
        }

        repo.Branches[name] = commit;
        return [];
    }

    private JsonObject GetCommit(JsonElement input)
    {
        RepositoryOf(input);
        var id = Str(input, "commitId")!;
        var commit = _commits.GetValueOrDefault(id) ?? throw new EmulatedAwsError("CommitIdDoesNotExistException", $"Commit {id} does not exist.");
        return new JsonObject
        {
            ["commit"] = new JsonObject
            {
                ["commitId"] = commit.Id,
                ["treeId"] = TreeId(commit.Tree),
                ["parents"] = new JsonArray([.. commit.Parents.Select(p => (JsonNode)p)]),
                ["message"] = commit.Message,
                ["author"] = new JsonObject { ["name"] = commit.Author, ["email"] = "", ["date"] = commit.Date },
                ["committer"] = new JsonObject { ["name"] = commit.Author, ["email"] = "", ["date"] = commit.Date },
                ["additionalData"] = "",
            },
        };
    }

    private JsonObject GetFolder(JsonElement input)
    {
        var repo = RepositoryOf(input);
        var commit = Resolve(repo, Str(input, "commitSpecifier") ?? repo.DefaultBranch);
        var folderPath = Str(input, "folderPath")!;
        var folder = NormalizePath(folderPath, allowRoot: true);
        var prefix = folder.Length == 0 ? string.Empty : folder + "/";
        var inFolder = commit.Tree.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (folder.Length > 0 && inFolder.Count == 0)
        {
            throw new EmulatedAwsError("FolderDoesNotExistException", $"Folder {folderPath} does not exist.");
        }

        var files = new JsonArray();
        var subFolders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, blob) in inFolder)
        {
            var rest = path[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                subFolders.Add(rest[..slash]);
                continue;
            }

            files.Add(new JsonObject { ["blobId"] = blob, ["absolutePath"] = path, ["relativePath"] = rest, ["fileMode"] = "NORMAL" });
        }

        var folders = new JsonArray();
        foreach (var sub in subFolders)
        {
            var absolute = prefix + sub;
            folders.Add(new JsonObject
            {
                ["treeId"] = TreeId(commit.Tree.Where(p => p.Key.StartsWith(absolute + "/", StringComparison.Ordinal))),
                ["absolutePath"] = absolute,
                ["relativePath"] = sub,
            });
        }

        return new JsonObject
        {
            ["commitId"] = commit.Id,
            ["folderPath"] = folderPath,
            ["treeId"] = TreeId(inFolder),
            ["subFolders"] = folders,
            ["files"] = files,
            ["symbolicLinks"] = new JsonArray(),
            ["subModules"] = new JsonArray(),
        };
    }

    private JsonObject GetFile(JsonElement input)
    {
        var repo = RepositoryOf(input);
        var commit = Resolve(repo, Str(input, "commitSpecifier") ?? repo.DefaultBranch);
        var path = NormalizePath(Str(input, "filePath")!, allowRoot: false);
        var blob = commit.Tree.GetValueOrDefault(path) ?? throw new EmulatedAwsError("FileDoesNotExistException", $"File {path} does not exist.");
        return new JsonObject
        {
            ["commitId"] = commit.Id,
            ["blobId"] = blob,
            ["filePath"] = path,
            ["fileMode"] = "NORMAL",
            ["fileSize"] = _blobs[blob].Length,
            ["fileContent"] = Convert.ToBase64String(_blobs[blob]),
        };
    }

    private JsonObject GetDifferences(JsonElement input)
    {
        var repo = RepositoryOf(input);
        var after = Resolve(repo, Str(input, "afterCommitSpecifier")!);
        var before = Str(input, "beforeCommitSpecifier") is { } b ? Resolve(repo, b).Tree : new SortedDictionary<string, string>(StringComparer.Ordinal);
        var differences = new JsonArray();
        foreach (var path in before.Keys.Union(after.Tree.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(path);
            var now = after.Tree.GetValueOrDefault(path);
            if (old == now)
            {
                continue;
            }

            var difference = new JsonObject { ["changeType"] = old is null ? "A" : now is null ? "D" : "M" };
            if (old is not null)
            {
                difference["beforeBlob"] = new JsonObject { ["blobId"] = old, ["path"] = path, ["mode"] = "100644" };
            }

            if (now is not null)
            {
                difference["afterBlob"] = new JsonObject { ["blobId"] = now, ["path"] = path, ["mode"] = "100644" };
            }

            differences.Add(difference);
        }

        return new JsonObject { ["differences"] = differences };
    }

    private JsonObject CreateCommit(JsonElement input, EmulatorIdentity caller)
    {
        var repo = RepositoryOf(input);
        var branch = Str(input, "branchName")!;
        ValidateBranchName(branch);
        var parent = Str(input, "parentCommitId");
        var head = repo.Branches.GetValueOrDefault(branch);
        if (head is null && repo.Branches.Count > 0)
        {
            throw new EmulatedAwsError("BranchDoesNotExistException", $"Branch {branch} does not exist.");
        }

        if (head is not null)
        {
            if (parent is null)
            {
                throw new EmulatedAwsError("ParentCommitIdRequiredException", "A parent commit ID is required for a branch with commits.");
            }

            if (!_commits.ContainsKey(parent))
            {
                throw new EmulatedAwsError("ParentCommitDoesNotExistException", $"Parent commit {parent} does not exist.");
            }

            if (parent != head)
            {
                throw new EmulatedAwsError("ParentCommitIdOutdatedException", $"The parent commit ID {parent} is not the tip of branch {branch} ({head}).");
            }
        }

        var puts = Array(input, "putFiles");
        var deletes = Array(input, "deleteFiles");
        if (puts.Count + deletes.Count == 0)
        {
            throw new EmulatedAwsError("FileEntryRequiredException", "At least one file entry is required.");
        }

        if (puts.Count + deletes.Count > 100)
        {
            throw new EmulatedAwsError("MaximumFileEntriesExceededException", "The number of file entries exceeds 100.");
        }

        var tree = head is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : new SortedDictionary<string, string>(_commits[head].Tree, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (added, updated, deleted) = (new JsonArray(), new JsonArray(), new JsonArray());
        long size = 0;
        foreach (var put in puts)
        {
            var path = NormalizePath(put.GetProperty("filePath").GetString()!, allowRoot: false);
            if (!seen.Add(path))
            {
                throw new EmulatedAwsError("SamePathRequestException", $"The path {path} appears more than once.");
            }

            if (put.TryGetProperty("sourceFile", out _) && put.TryGetProperty("fileContent", out _))
            {
                throw new EmulatedAwsError("FileContentAndSourceFileSpecifiedException", "Specify either fileContent or sourceFile.");
            }

            if (!put.TryGetProperty("fileContent", out var content))
            {
                throw new EmulatedAwsError("SourceFileOrContentRequiredException", $"Content is required for {path}.");
            }

            var bytes = content.GetBytesFromBase64();
            size += bytes.Length;

            // FileContentSizeLimitExceededException (CodeCommit API Reference, CreateCommit): "The maximum file size is
            // 6 MB, and the combined file content change size is 7 MB."
            if (bytes.Length > 6 * 1024 * 1024)
            {
                throw new EmulatedAwsError("FileContentSizeLimitExceededException", $"The file {path} cannot be added because it is too large. The maximum file size is 6 MB.");
            }

            var blob = StoreBlob(bytes);
            var existed = tree.TryGetValue(path, out var old);
            if (existed && old == blob)
            {
                continue;
            }

            tree[path] = blob;
            (existed ? updated : added).Add(new JsonObject { ["absolutePath"] = path, ["blobId"] = blob, ["fileMode"] = "NORMAL" });
        }

        if (size > 7 * 1024 * 1024)
        {
            throw new EmulatedAwsError("FileContentSizeLimitExceededException", "The combined file content change size exceeds 7 MB.");
        }

        foreach (var delete in deletes)
        {
            var path = NormalizePath(delete.GetProperty("filePath").GetString()!, allowRoot: false);
            if (!seen.Add(path))
            {
                throw new EmulatedAwsError("SamePathRequestException", $"The path {path} appears more than once.");
            }

            if (!tree.Remove(path, out var blob))
            {
                throw new EmulatedAwsError("FileDoesNotExistException", $"File {path} does not exist.");
            }

            deleted.Add(new JsonObject { ["absolutePath"] = path, ["blobId"] = blob, ["fileMode"] = "NORMAL" });
        }

        if (added.Count + updated.Count + deleted.Count == 0)
        {
            throw new EmulatedAwsError("NoChangeException", "The commit contains no changes.");
        }

        var id = NewCommit(tree, head, Str(input, "commitMessage") ?? "Commit", Str(input, "authorName") ?? caller.Arn);
        MoveBranch(repo, branch, id);
        return new JsonObject { ["commitId"] = id, ["treeId"] = TreeId(tree), ["filesAdded"] = added, ["filesUpdated"] = updated, ["filesDeleted"] = deleted };
    }

    private JsonObject CreatePullRequest(JsonElement input, EmulatorIdentity caller)
    {
        var targets = Array(input, "targets");
        if (targets.Count == 0)
        {
            throw new EmulatedAwsError("TargetsRequiredException", "At least one target is required.");
        }

        if (targets.Count > 1)
        {
            throw new EmulatedAwsError("MultipleRepositoriesInPullRequestException", "Only one target is supported.");
        }

        var target = targets[0];
        var repo = RepositoryOf(target);
        var source = Ref(target.GetProperty("sourceReference").GetString()!);
        var destination = target.TryGetProperty("destinationReference", out var d) ? Ref(d.GetString()!) : repo.DefaultBranch;
        if (!repo.Branches.ContainsKey(source) || !repo.Branches.ContainsKey(destination))
        {
            throw new EmulatedAwsError("ReferenceDoesNotExistException", $"Reference {(repo.Branches.ContainsKey(source) ? destination : source)} does not exist.");
        }

        if (source == destination)
        {
            throw new EmulatedAwsError("SourceAndDestinationAreSameException", "Source and destination are the same.");
        }

        var token = Str(input, "clientRequestToken");
        var title = Str(input, "title")!;
        var description = Str(input, "description");
        if (token is not null && _pullRequests.Values.FirstOrDefault(p => p.Token == token) is { } existing)
        {
            if (existing.Title != title || existing.Description != description || existing.Source != source || existing.Destination != destination)
            {
                throw new EmulatedAwsError("IdempotencyParameterMismatchException", "The client request token was already used with other parameters.");
            }

            return new JsonObject { ["pullRequest"] = Describe(existing) };
        }

        var pr = new PullRequest(
            (++_pullRequestSequence).ToString(CultureInfo.InvariantCulture), repo, title, description, source, destination, token, caller.Arn, NewRevision(), Now());
        foreach (var name in repo.Templates)
        {
            var template = _templates[name];
            using var content = JsonDocument.Parse(template.Content);
            var refs = content.RootElement.TryGetProperty("DestinationReferences", out var list) ? list.EnumerateArray().Select(r => r.GetString()).ToList() : null;
            if (refs is null || refs.Contains("refs/heads/" + destination))
            {
                pr.Rules.Add(new Rule(Guid.NewGuid().ToString(), template.Name, template.Content, template));
            }
        }

        _pullRequests[pr.Id] = pr;
        return new JsonObject { ["pullRequest"] = Describe(pr) };
    }

    private JsonObject ListPullRequests(JsonElement input)
    {
        var repo = RepositoryOf(input);
        var status = Str(input, "pullRequestStatus");
        var author = Str(input, "authorArn");
        var ids = _pullRequests.Values
            .Where(p => p.Repository == repo && (status is null || p.Status == status) && (author is null || p.Author == author))
            .Select(p => (JsonNode)p.Id);
        return new JsonObject { ["pullRequestIds"] = new JsonArray([.. ids]) };
    }

    private JsonObject CreatePullRequestApprovalRule(JsonElement input)
    {
        var pr = PullRequestOf(input);
        if (pr.Status != "OPEN")
        {
            throw new EmulatedAwsError("PullRequestAlreadyClosedException", "The pull request is closed.");
        }

        var name = Str(input, "approvalRuleName")!;
        if (pr.Rules.Any(r => r.Name == name))
        {
            throw new EmulatedAwsError("ApprovalRuleNameAlreadyExistsException", $"An approval rule named {name} already exists.");
        }

        var content = Str(input, "approvalRuleContent")!;
        ParseRule(content, "InvalidApprovalRuleContentException");
        var rule = new Rule(Guid.NewGuid().ToString(), name, content, null);
        pr.Rules.Add(rule);
        return new JsonObject { ["approvalRule"] = Describe(rule) };
    }

    private JsonObject GetApprovalStates(JsonElement input)
    {
        var pr = PullRequestOf(input);
        CheckRevision(pr, input, current: false);
        return new JsonObject
        {
            ["approvals"] = new JsonArray([.. pr.Approvals.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (JsonNode)new JsonObject { ["userArn"] = a.Key, ["approvalState"] = a.Value })]),
        };
    }

    private JsonObject Evaluate(JsonElement input)
    {
        var pr = PullRequestOf(input);
        CheckRevision(pr, input, current: true);
        var (satisfied, notSatisfied) = EvaluateRules(pr);
        return new JsonObject
        {
            ["evaluation"] = new JsonObject
            {
                ["approved"] = notSatisfied.Count == 0,
                ["overridden"] = pr.OverriddenBy is not null,
                ["approvalRulesSatisfied"] = new JsonArray([.. satisfied.Select(s => (JsonNode)s)]),
                ["approvalRulesNotSatisfied"] = new JsonArray([.. notSatisfied.Select(s => (JsonNode)s)]),
            },
        };
    }

    private JsonObject UpdateApprovalState(JsonElement input, EmulatorIdentity caller)
    {
        var pr = PullRequestOf(input);
        CheckRevision(pr, input, current: true);
        if (pr.Status != "OPEN")
        {
            throw new EmulatedAwsError("PullRequestAlreadyClosedException", "The pull request is closed.");
        }

        if (caller.Arn == pr.Author)
        {
            throw new EmulatedAwsError("PullRequestCannotBeApprovedByAuthorException", "The author of a pull request cannot approve it.");
        }

        pr.Approvals[caller.Arn] = Str(input, "approvalState")!;
        return [];
    }

    private JsonObject MergeFastForward(JsonElement input, EmulatorIdentity caller)
    {
        var pr = PullRequestOf(input);
        var repo = RepositoryOf(input);
        if (repo != pr.Repository)
        {
            throw new EmulatedAwsError("RepositoryNotAssociatedWithPullRequestException", "The repository is not part of this pull request.");
        }

        if (pr.Status != "OPEN")
        {
            throw new EmulatedAwsError("PullRequestAlreadyClosedException", "The pull request is closed.");
        }

        var sourceHead = repo.Branches.GetValueOrDefault(pr.Source) ?? throw new EmulatedAwsError("ReferenceDoesNotExistException", $"Branch {pr.Source} does not exist.");
        if (Str(input, "sourceCommitId") is { } expected && expected != sourceHead)
        {
            throw new EmulatedAwsError("TipOfSourceReferenceIsDifferentException", "The tip of the source branch is not the commit you specified.");
        }

        // "Override approval rules on a pull request" (CodeCommit User Guide): an overridden pull request can be merged
        // although its rules are not satisfied.
        if (EvaluateRules(pr).NotSatisfied.Count > 0 && pr.OverriddenBy is null)
        {
            throw new EmulatedAwsError("PullRequestApprovalRulesNotSatisfiedException", "The pull request cannot be merged because one or more approval rules are not satisfied.");
        }

        var destinationHead = repo.Branches[pr.Destination];
        if (!Ancestors(sourceHead).Contains(destinationHead))
        {
            throw new EmulatedAwsError("ManualMergeRequiredException", "The pull request cannot be merged by fast-forward: the destination has moved.");
        }

        repo.Branches[pr.Destination] = sourceHead;
        pr.Status = "CLOSED";
        pr.MergedBy = caller.Arn;
        pr.MergeCommit = sourceHead;
        return new JsonObject { ["pullRequest"] = Describe(pr) };
    }

    private JsonObject Override(JsonElement input, EmulatorIdentity caller)
    {
        var pr = PullRequestOf(input);
        CheckRevision(pr, input, current: true);
        if (pr.Status != "OPEN")
        {
            throw new EmulatedAwsError("PullRequestAlreadyClosedException", "The pull request is closed.");
        }

        var status = Str(input, "overrideStatus")!;
        if (status == "OVERRIDE" && pr.OverriddenBy is not null)
        {
            throw new EmulatedAwsError("OverrideAlreadySetException", "The approval rules of this pull request are already overridden.");
        }

        pr.OverriddenBy = status == "OVERRIDE" ? caller.Arn : null;
        return [];
    }

    private JsonObject CreateTemplate(JsonElement input)
    {
        var name = Str(input, "approvalRuleTemplateName")!;
        if (_templates.ContainsKey(name))
        {
            throw new EmulatedAwsError("ApprovalRuleTemplateNameAlreadyExistsException", $"A template named {name} already exists.");
        }

        var content = Str(input, "approvalRuleTemplateContent")!;
        ParseRule(content, "InvalidApprovalRuleTemplateContentException");
        var template = new Template(Guid.NewGuid().ToString(), name, content, Str(input, "approvalRuleTemplateDescription") ?? string.Empty);
        _templates[name] = template;
        return new JsonObject { ["approvalRuleTemplate"] = Describe(template) };
    }

    private JsonObject Associate(JsonElement input)
    {
        var template = TemplateOf(Str(input, "approvalRuleTemplateName")!);
        RepositoryOf(input).Templates.Add(template.Name);
        return [];
    }

    private static (List<string> Satisfied, List<string> NotSatisfied) EvaluateRules(PullRequest pr)
    {
        var (satisfied, notSatisfied) = (new List<string>(), new List<string>());
        foreach (var rule in pr.Rules)
        {
            var (needed, pool) = ParseRule(rule.Content, "InvalidApprovalRuleContentException");
            var approvers = pr.Approvals.Where(a => a.Value == "APPROVE" && (pool.Count == 0 || pool.Any(p => Matches(p, a.Key)))).Count();
            (approvers >= needed ? satisfied : notSatisfied).Add(rule.Name);
        }

        return (satisfied, notSatisfied);
    }

    private static bool Matches(string pattern, string arn) =>
        Regex.IsMatch(arn, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));

    private static (int Needed, List<string> Pool) ParseRule(string content, string errorType)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.GetProperty("Version").GetString() != "2018-11-08")
            {
                throw new EmulatedAwsError(errorType, "Version must be 2018-11-08.");
            }

            var statement = root.GetProperty("Statements").EnumerateArray().Single();
            if (statement.GetProperty("Type").GetString() != "Approvers")
            {
                throw new EmulatedAwsError(errorType, "Statement Type must be Approvers.");
            }

            var needed = statement.GetProperty("NumberOfApprovalsNeeded").GetInt32();
            var pool = statement.TryGetProperty("ApprovalPoolMembers", out var members) ? members.EnumerateArray().Select(m => m.GetString()!).ToList() : [];
            if (needed < 1 || pool.Any(p => !p.StartsWith("arn:aws:", StringComparison.Ordinal) && !p.StartsWith("CodeCommitApprovers:", StringComparison.Ordinal)))
            {
                throw new EmulatedAwsError(errorType, "NumberOfApprovalsNeeded must be at least 1 and pool members must be ARNs.");
            }

            return (needed, pool);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EmulatedAwsError(errorType, $"The approval rule content is not valid: {ex.Message}");
        }
    }

    private static void CheckRevision(PullRequest pr, JsonElement input, bool current)
    {
        var revision = Str(input, "revisionId")!;
        if (revision != pr.Revision && !pr.OldRevisions.Contains(revision))
        {
            throw new EmulatedAwsError("InvalidRevisionIdException", $"Revision {revision} is not a revision of pull request {pr.Id}.");
        }

        if (current && revision != pr.Revision)
        {
            throw new EmulatedAwsError("RevisionNotCurrentException", "The revision is not the current revision of the pull request.");
        }
    }

    private JsonObject Describe(PullRequest pr)
    {
        var repo = pr.Repository;
        var sourceHead = repo.Branches.GetValueOrDefault(pr.Source) ?? pr.MergeCommit;
        var destinationHead = repo.Branches[pr.Destination];
        return new JsonObject
        {
            ["pullRequestId"] = pr.Id,
            ["title"] = pr.Title,
            ["description"] = pr.Description,
            ["lastActivityDate"] = pr.Created,
            ["creationDate"] = pr.Created,
            ["pullRequestStatus"] = pr.Status,
            ["authorArn"] = pr.Author,
            ["revisionId"] = pr.Revision,
            ["clientRequestToken"] = pr.Token,
            ["pullRequestTargets"] = new JsonArray(Target(pr, sourceHead!, destinationHead)),
            ["approvalRules"] = new JsonArray([.. pr.Rules.Select(r => (JsonNode)Describe(r))]),
        };
    }

    private JsonObject Target(PullRequest pr, string sourceHead, string destinationHead)
    {
        var target = new JsonObject
        {
            ["repositoryName"] = pr.Repository.Name,
            ["sourceReference"] = "refs/heads/" + pr.Source,
            ["destinationReference"] = "refs/heads/" + pr.Destination,
            ["destinationCommit"] = destinationHead,
            ["sourceCommit"] = sourceHead,
        };

        // mergeBase is optional in PullRequestTarget (botocore model: not required); AWS may leave it out.
        if (!OmitMergeBase)
        {
            target["mergeBase"] = MergeBase(sourceHead, destinationHead);
        }

        target["mergeMetadata"] = pr.MergedBy is null
            ? new JsonObject { ["isMerged"] = false }
            : new JsonObject { ["isMerged"] = true, ["mergedBy"] = pr.MergedBy, ["mergeCommitId"] = pr.MergeCommit, ["mergeOption"] = "FAST_FORWARD_MERGE" };
        return target;
    }

    private static JsonObject Describe(Rule rule)
    {
        var node = new JsonObject
        {
            ["approvalRuleId"] = rule.Id,
            ["approvalRuleName"] = rule.Name,
            ["approvalRuleContent"] = rule.Content,
            ["ruleContentSha256"] = Sha256(rule.Content),
        };
        if (rule.Origin is not null)
        {
            node["originApprovalRuleTemplate"] = new JsonObject { ["approvalRuleTemplateId"] = rule.Origin.Id, ["approvalRuleTemplateName"] = rule.Origin.Name };
        }

        return node;
    }

    private static JsonObject Describe(Template template) => new()
    {
        ["approvalRuleTemplateId"] = template.Id,
        ["approvalRuleTemplateName"] = template.Name,
        ["approvalRuleTemplateDescription"] = template.Description,
        ["approvalRuleTemplateContent"] = template.Content,
        ["ruleContentSha256"] = Sha256(template.Content),
    };

    private string? MergeBase(string source, string destination)
    {
        var ancestors = Ancestors(source);
        for (var id = destination; id is not null; id = _commits[id].Parents.FirstOrDefault())
        {
            if (ancestors.Contains(id))
            {
                return id;
            }
        }

        return null;
    }

    private HashSet<string> Ancestors(string commit)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var id = commit; id is not null && set.Add(id); id = _commits[id].Parents.FirstOrDefault())
        {
        }

        return set;
    }

    private bool Reachable(Repository repo, string commit) => repo.Branches.Values.Any(head => Ancestors(head).Contains(commit));

    private void MoveBranch(Repository repo, string branch, string commit)
    {
        repo.Branches[branch] = commit;

        // A new commit on a pull request's source branch is a new revision: earlier approvals no longer count.
        foreach (var pr in _pullRequests.Values.Where(p => p.Repository == repo && p.Source == branch && p.Status == "OPEN"))
        {
            pr.OldRevisions.Add(pr.Revision);
            pr.Revision = NewRevision();
            pr.Approvals.Clear();
            pr.OverriddenBy = null;
        }
    }

    private string NewCommit(SortedDictionary<string, string> tree, string? parent, string message, string author)
    {
        var date = Now().ToString(CultureInfo.InvariantCulture);
        var id = Sha1Hex(Encoding.UTF8.GetBytes($"{TreeId(tree)}\n{parent}\n{author}\n{message}\n{++_sequence}"));
        _commits[id] = new Commit(id, new SortedDictionary<string, string>(tree, StringComparer.Ordinal), parent is null ? [] : [parent], message, author, date);
        return id;
    }

    private string StoreBlob(byte[] bytes)
    {
        // Git's blob id: SHA-1 of "blob <size>\0" + content, as CodeCommit reports it.
        var header = Encoding.ASCII.GetBytes($"blob {bytes.Length}\0");
        var id = Sha1Hex([.. header, .. bytes]);
        _blobs[id] = bytes;
        return id;
    }

    private Commit Resolve(Repository repo, string specifier)
    {
        var name = Ref(specifier);
        if (repo.Branches.TryGetValue(name, out var head))
        {
            return _commits[head];
        }

        if (_commits.TryGetValue(specifier, out var commit) && Reachable(repo, specifier))
        {
            return commit;
        }

        throw new EmulatedAwsError("CommitDoesNotExistException", $"Commit {specifier} does not exist in {repo.Name}.");
    }

    private Repository RepositoryOf(JsonElement input)
    {
        var name = Str(input, "repositoryName") ?? throw new EmulatedAwsError("RepositoryNameRequiredException", "A repository name is required.");
        return _repositories.GetValueOrDefault(name) ?? throw new EmulatedAwsError("RepositoryDoesNotExistException", $"{name} does not exist");
    }

    private PullRequest PullRequestOf(JsonElement input)
    {
        var id = Str(input, "pullRequestId")!;
        if (!id.All(char.IsAsciiDigit))
        {
            throw new EmulatedAwsError("InvalidPullRequestIdException", $"{id} is not a valid pull request ID.");
        }

        return _pullRequests.GetValueOrDefault(id) ?? throw new EmulatedAwsError("PullRequestDoesNotExistException", $"Pull request {id} does not exist.");
    }

    private Template TemplateOf(string name) =>
        _templates.GetValueOrDefault(name) ?? throw new EmulatedAwsError("ApprovalRuleTemplateDoesNotExistException", $"Template {name} does not exist.");

    private static void ValidateBranchName(string name)
    {
        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains("..", StringComparison.Ordinal) || name.Contains(' ', StringComparison.Ordinal) || name.EndsWith(".lock", StringComparison.Ordinal))
        {
            throw new EmulatedAwsError("InvalidBranchNameException", $"{name} is not a valid branch name.");
        }
    }

    private static string NormalizePath(string path, bool allowRoot)
    {
        var trimmed = path.Trim('/');
        if ((!allowRoot && trimmed.Length == 0) || trimmed.Split('/').Any(s => s is "." or ".." || s.Length == 0 && trimmed.Length > 0) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new EmulatedAwsError("InvalidPathException", $"The path {path} is not valid.");
        }

        return trimmed;
    }

    private static string Ref(string reference) => reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;

    private static string? Str(JsonElement input, string name) => input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<JsonElement> Array(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    private static string TreeId(IEnumerable<KeyValuePair<string, string>> entries) =>
        Sha1Hex(Encoding.UTF8.GetBytes(string.Join('\n', entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value}"))));

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Git object ids are SHA-1; the emulator answers ids of the same form as CodeCommit.")]
    private static string Sha1Hex(byte[] bytes) => Convert.ToHexString(SHA1.HashData(bytes)).ToLowerInvariant();

    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static string NewRevision() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private sealed record Repository(string Name, string Id, string DefaultBranch)
    {
        public Dictionary<string, string> Branches { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Templates { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Commit(string Id, SortedDictionary<string, string> Tree, string[] Parents, string Message, string Author, string Date);

    private sealed record Template(string Id, string Name, string Content, string Description);

    private sealed record Rule(string Id, string Name, string Content, Template? Origin);

    private sealed class PullRequest(string id, Repository repository, string title, string? description, string source, string destination, string? token, string author, string revision, long created)
    {
        public string Id { get; } = id;

        public Repository Repository { get; } = repository;

        public string Title { get; } = title;

        public string? Description { get; } = description;

        public string Source { get; } = source;

        public string Destination { get; } = destination;

        public string? Token { get; } = token;

        public string Author { get; } = author;

        public string Revision { get; set; } = revision;

        public HashSet<string> OldRevisions { get; } = new(StringComparer.Ordinal);

        public long Created { get; } = created;

        public string Status { get; set; } = "OPEN";

        public string? MergedBy { get; set; }

        public string? MergeCommit { get; set; }

        public string? OverriddenBy { get; set; }

        public List<Rule> Rules { get; } = [];

        public Dictionary<string, string> Approvals { get; } = new(StringComparer.Ordinal);
    }
}
