using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Build.Tests.Support;

/// <summary>A commit the fake holds: its tree's files (top level only), its parents and message.</summary>
public sealed record FakeGitCommit(string Sha, string Tree, IReadOnlyList<string> Parents, string Message);

/// <summary>
/// The Git Data endpoints of the fake (branch refs, commits, trees, blobs), as GitHub answers them: a ref update
/// that is not forced must be a fast-forward (else 422 "Update is not a fast forward"), creating a ref that exists is
/// 422 "Reference already exists", and objects are addressed by a SHA-1 of their content. Trees are flat (top-level files).
/// </summary>
public sealed partial class FakeGitHub
{
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, string>> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeGitCommit> _commits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _branches = new(StringComparer.Ordinal);
    private Action? _beforeNextRefUpdate;

    /// <summary>Runs once, when the next ref update or creation arrives and before it is applied: a concurrent writer.</summary>
    public void BeforeNextRefUpdate(Action action)
    {
        lock (_gate)
        {
            _beforeNextRefUpdate = action;
        }
    }

    /// <summary>The commit <paramref name="branch"/> points at, or null when there is no such branch.</summary>
    public FakeGitCommit? Head(string branch)
    {
        lock (_gate)
        {
            return _branches.TryGetValue(branch, out var sha) ? _commits[sha] : null;
        }
    }

    /// <summary>The commits of <paramref name="branch"/>, newest first (first parents).</summary>
    public IReadOnlyList<FakeGitCommit> History(string branch)
    {
        lock (_gate)
        {
            var history = new List<FakeGitCommit>();
            for (var commit = Head(branch); commit is not null; commit = commit.Parents.Count > 0 ? _commits[commit.Parents[0]] : null)
            {
                history.Add(commit);
            }

            return history;
        }
    }

    /// <summary>The text of <paramref name="path"/> at <paramref name="branch"/>'s head, or null.</summary>
    public string? FileAt(string branch, string path)
    {
        lock (_gate)
        {
            return Head(branch) is { } head && _trees[head.Tree].TryGetValue(path, out var blob) ? Encoding.UTF8.GetString(_blobs[blob]) : null;
        }
    }

    /// <summary>Commits <paramref name="files"/> on top of <paramref name="branch"/> (creating it) as another writer would, and moves the branch.</summary>
    public string CommitFiles(string branch, IReadOnlyDictionary<string, string> files, string message)
    {
        lock (_gate)
        {
            var parent = _branches.GetValueOrDefault(branch);
            var entries = parent is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : new SortedDictionary<string, string>(_trees[_commits[parent].Tree], StringComparer.Ordinal);
            foreach (var (path, content) in files)
            {
                entries[path] = StoreBlob(Encoding.UTF8.GetBytes(content));
            }

            var commit = StoreCommit(StoreTree(entries), parent is null ? [] : [parent], message);
            _branches[branch] = commit;
            return commit;
        }
    }

    private Answer? HandleGitData(string method, string route, byte[] body)
    {
        var json = method is "POST" or "PATCH" ? JsonNode.Parse(body)!.AsObject() : null;
        return (method, route) switch
        {
            ("GET", _) when BranchRefRoute().Match(route) is { Success: true } match => _branches.TryGetValue(match.Groups["branch"].Value, out var sha)
                ? Answer.Json(200, RefJson(match.Groups["branch"].Value, sha))
                : Error(404, "Not Found", null),
            ("GET", _) when GitObjectRoute().Match(route) is { Success: true, Groups: var groups } => groups["kind"].Value switch
            {
                "commits" when _commits.TryGetValue(groups["sha"].Value, out var commit) => Answer.Json(200, CommitJson(commit)),
                "trees" when _trees.ContainsKey(groups["sha"].Value) => Answer.Json(200, TreeJson(groups["sha"].Value)),
                "blobs" when _blobs.TryGetValue(groups["sha"].Value, out var blob) => Answer.Json(200, new JsonObject
                {
                    ["sha"] = groups["sha"].Value,
                    ["size"] = blob.Length,
                    ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/blobs/{groups["sha"].Value}",
                    ["content"] = Convert.ToBase64String(blob, Base64FormattingOptions.InsertLineBreaks),
                    ["encoding"] = "base64",
                }),
                _ => Error(404, "Not Found", null),
            },
            ("POST", "/git/blobs") => json!["encoding"]?.GetValue<string>() == "base64"
                ? Answer.Json(201, new JsonObject { ["sha"] = StoreBlob(Convert.FromBase64String(json["content"]!.GetValue<string>())) })
                : Answer.Json(201, new JsonObject { ["sha"] = StoreBlob(Encoding.UTF8.GetBytes(json["content"]!.GetValue<string>())) }),
            ("POST", "/git/trees") => CreateTree(json!),
            ("POST", "/git/commits") => CreateCommit(json!),
            ("PATCH", _) when BranchRefsRoute().Match(route) is { Success: true } match => UpdateRef(match.Groups["branch"].Value, json!),
            ("POST", "/git/refs") => CreateRef(json!),
            _ => null,
        };
    }

    private Answer CreateTree(JsonObject json)
    {
        var baseTree = json["base_tree"]?.GetValue<string>();
        if (baseTree is not null && !_trees.ContainsKey(baseTree))
        {
            return Error(422, "base_tree is not a valid tree", null);
        }

        var entries = baseTree is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : new SortedDictionary<string, string>(_trees[baseTree], StringComparer.Ordinal);
        foreach (var item in json["tree"]!.AsArray())
        {
            var sha = item!["sha"]!.GetValue<string>();
            if (item["type"]!.GetValue<string>() != "blob" || item["mode"]!.GetValue<string>() != "100644" || !_blobs.ContainsKey(sha) || item["path"]!.GetValue<string>().Contains('/', StringComparison.Ordinal))
            {
                return Error(422, "the fake takes top-level blobs (mode 100644) that exist", null);
            }

            entries[item["path"]!.GetValue<string>()] = sha;
        }

        return Answer.Json(201, TreeJson(StoreTree(entries)));
    }

    private Answer CreateCommit(JsonObject json)
    {
        var tree = json["tree"]!.GetValue<string>();
        var parents = (json["parents"]?.AsArray() ?? []).Select(parent => parent!.GetValue<string>()).ToList();
        if (!_trees.ContainsKey(tree) || parents.Any(parent => !_commits.ContainsKey(parent)))
        {
            return Error(422, "tree or parent sha is not valid", null);
        }

        return Answer.Json(201, CommitJson(_commits[StoreCommit(tree, parents, json["message"]!.GetValue<string>())]));
    }

    private Answer UpdateRef(string branch, JsonObject json)
    {
        TakeConcurrentWriter()?.Invoke();
        var sha = json["sha"]!.GetValue<string>();
        if (!_branches.TryGetValue(branch, out var current))
        {
            return Error(422, "Reference does not exist", null);
        }

        if (!_commits.ContainsKey(sha))
        {
            return Error(422, "Object does not exist", null);
        }

        if (json["force"]?.GetValue<bool>() != true && !IsAncestor(current, sha))
        {
            return Error(422, "Update is not a fast forward", null);
        }

        _branches[branch] = sha;
        return Answer.Json(200, RefJson(branch, sha));
    }

    private Answer CreateRef(JsonObject json)
    {
        TakeConcurrentWriter()?.Invoke();
        var name = json["ref"]!.GetValue<string>();
        var sha = json["sha"]!.GetValue<string>();
        if (!name.StartsWith("refs/heads/", StringComparison.Ordinal) || !_commits.ContainsKey(sha))
        {
            return Error(422, "the fake creates branches (refs/heads/...) at commits that exist", null);
        }

        var branch = name["refs/heads/".Length..];
        if (_branches.ContainsKey(branch))
        {
            return Error(422, "Reference already exists", null);
        }

        _branches[branch] = sha;
        return Answer.Json(201, RefJson(branch, sha));
    }

    private Action? TakeConcurrentWriter()
    {
        var action = _beforeNextRefUpdate;
        _beforeNextRefUpdate = null;
        return action;
    }

    private bool IsAncestor(string ancestor, string commit)
    {
        var pending = new Stack<string>([commit]);
        while (pending.TryPop(out var sha))
        {
            if (sha == ancestor)
            {
                return true;
            }

            foreach (var parent in _commits[sha].Parents)
            {
                pending.Push(parent);
            }
        }

        return false;
    }

    private string StoreBlob(byte[] content)
    {
        var sha = Sha1("blob", content);
        _blobs[sha] = content;
        return sha;
    }

    private string StoreTree(SortedDictionary<string, string> entries)
    {
        var sha = Sha1("tree", Encoding.UTF8.GetBytes(string.Join('\n', entries.Select(entry => $"{entry.Key} {entry.Value}"))));
        _trees[sha] = entries;
        return sha;
    }

    private string StoreCommit(string tree, IReadOnlyList<string> parents, string message)
    {
        // Two commits of the same tree and parents differ by a counter, as their times would.
        var sha = Sha1("commit", Encoding.UTF8.GetBytes($"{tree}\n{string.Join(' ', parents)}\n{message}\n{_commits.Count}"));
        _commits[sha] = new FakeGitCommit(sha, tree, parents, message);
        return sha;
    }

    private static string Sha1(string kind, byte[] content) => Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"{kind} {content.Length}\0"), .. content]));

    private JsonObject RefJson(string branch, string sha) => new()
    {
        ["ref"] = $"refs/heads/{branch}",
        ["node_id"] = $"REF_{branch}",
        ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/refs/heads/{branch}",
        ["object"] = new JsonObject { ["sha"] = sha, ["type"] = "commit", ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/commits/{sha}" },
    };

    private JsonObject CommitJson(FakeGitCommit commit) => new()
    {
        ["sha"] = commit.Sha,
        ["node_id"] = $"C_{commit.Sha}",
        ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/commits/{commit.Sha}",
        ["message"] = commit.Message,
        ["author"] = new JsonObject { ["name"] = "fake", ["email"] = "fake@example.invalid", ["date"] = "2026-01-02T03:04:05Z" },
        ["committer"] = new JsonObject { ["name"] = "fake", ["email"] = "fake@example.invalid", ["date"] = "2026-01-02T03:04:05Z" },
        ["tree"] = new JsonObject { ["sha"] = commit.Tree, ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/trees/{commit.Tree}" },
        ["parents"] = new JsonArray([.. commit.Parents.Select(parent => (JsonNode)new JsonObject { ["sha"] = parent, ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/commits/{parent}" })]),
    };

    private JsonObject TreeJson(string sha) => new()
    {
        ["sha"] = sha,
        ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/trees/{sha}",
        ["truncated"] = false,
        ["tree"] = new JsonArray([.. _trees[sha].Select(entry => (JsonNode)new JsonObject
        {
            ["path"] = entry.Key,
            ["mode"] = "100644",
            ["type"] = "blob",
            ["sha"] = entry.Value,
            ["size"] = _blobs[entry.Value].Length,
            ["url"] = $"{BaseUri}api/v3/repos/{Owner}/{Repository}/git/blobs/{entry.Value}",
        })]),
    };

    [GeneratedRegex(@"^/git/ref/heads/(?<branch>.+)$")]
    private static partial Regex BranchRefRoute();

    [GeneratedRegex(@"^/git/refs/heads/(?<branch>.+)$")]
    private static partial Regex BranchRefsRoute();

    [GeneratedRegex(@"^/git/(?<kind>commits|trees|blobs)/(?<sha>[0-9a-f]{40})$")]
    private static partial Regex GitObjectRoute();
}
