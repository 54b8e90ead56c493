namespace Build.Tests.Support;

/// <summary>A copy of this repository's working tree (tracked and untracked, not ignored files) committed in a new git repository.</summary>
public static class RepositoryCopy
{
    /// <summary>
    /// Copies the working tree; with <paramref name="withBuiltProgram"/> also the program build.sh built (stamp last, so
    /// build.sh finds it up to date and starts it without compiling), for tests of what runs around the program.
    /// </summary>
    public static TempDirectory Create(bool withBuiltProgram = false)
    {
        var copy = new TempDirectory("rdscsi-clone");
        var files = Run.Git(BuildProgram.RepositoryRoot, "ls-files", "--cached", "--others", "--exclude-standard", "-z").Output
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(file => File.Exists(Path.Combine(BuildProgram.RepositoryRoot, file)));
        foreach (var file in files)
        {
            var target = copy.Combine(file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(BuildProgram.RepositoryRoot, file), target);
        }

        Run.Git(copy.Path, "init", "-q", "-b", "main");
        Run.Git(copy.Path, "add", "-A");
        Run.Git(copy.Path, "commit", "-q", "-m", "copy of the working tree");
        if (withBuiltProgram)
        {
            var program = Path.GetDirectoryName(BuildProgram.Executable)!;
            var target = copy.Combine("build", "bin", "program");
            foreach (var file in Directory.EnumerateFiles(program, "*", SearchOption.AllDirectories).Where(file => Path.GetFileName(file) != ".stamp"))
            {
                var destination = Path.Combine(target, Path.GetRelativePath(program, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }

            File.WriteAllText(Path.Combine(target, ".stamp"), string.Empty);
            File.SetLastWriteTimeUtc(Path.Combine(target, ".stamp"), DateTime.UtcNow.AddMinutes(1));
        }

        return copy;
    }
}
