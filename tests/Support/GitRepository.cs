namespace Build.Tests.Support;

/// <summary>A real git repository in a temporary directory.</summary>
public sealed class GitRepository : IDisposable
{
    public static readonly IDictionary<string, string?> Identity = new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "Test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.invalid",
        ["GIT_COMMITTER_NAME"] = "Test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    private readonly TempDirectory _directory;
    private int _commits;

    public GitRepository(TempDirectory? directory = null)
    {
        _directory = directory ?? new TempDirectory("rdscsi-repo");
        Run.Git(Path, "init", "-q", "-b", "main");
        Run.Git(Path, "config", "commit.gpgsign", "false");
        Run.Git(Path, "config", "tag.gpgsign", "false");
    }

    public string Path => _directory.Path;

    /// <summary>Writes a file and commits it; returns the new commit's sha.</summary>
    public string Commit(string message = "change", string? file = null, string? content = null)
    {
        _commits++;
        _directory.Write(file ?? "file.txt", content ?? $"content {_commits}\n");
        Run.Git(Path, "add", "-A");
        Run.Git(Path, "commit", "-q", "-m", message);
        return Head;
    }

    public string Head => Run.Git(Path, "rev-parse", "HEAD").Output.Trim();

    public string ShortHead => Head[..7];

    public GitRepository Tag(string name, bool annotated = false)
    {
        if (annotated)
        {
            Run.Git(Path, "tag", "-a", name, "-m", "Release " + name);
        }
        else
        {
            Run.Git(Path, "tag", name);
        }

        return this;
    }

    public string Write(string relative, string content) => _directory.Write(relative, content);

    public void Dispose() => _directory.Dispose();
}
