// The Version task as a plain Cake script, for bench/run.sh: the same git calls and output as ./build.sh --target=Version.
using System.Text.Json;

var target = Argument("target", "Version");

Task("Version").Does(() =>
{
    IEnumerable<string> Git(string arguments)
    {
        StartProcess("git", new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true }, out var output);
        return output.ToList();
    }

    var head = Git("log -1 --format=%H%n%ct").ToList();
    var tags = Git("for-each-ref --format=%(refname:strip=2)%09%(objectname)%09%(*objectname) refs/tags")
        .Select(line => line.Split('\t'))
        .Where(parts => (parts.Length > 2 && parts[2].Length > 0 ? parts[2] : parts[1]) == head[0])
        .Select(parts => parts[0].TrimStart('v'))
        .ToList();
    var version = tags.FirstOrDefault() ?? "0.1.0-dev";
    var imageTags = new[] { version, "sha-" + head[0].Substring(0, 7) };
    Information("Version {0}", version);
    Information("Tags {0}", string.Join(", ", imageTags));
    System.IO.Directory.CreateDirectory("artifacts");
    System.IO.File.WriteAllText("artifacts/version.json", JsonSerializer.Serialize(new { version, tags = imageTags, commit = head[0] }));
});

RunTarget(target);
