namespace Build.Preflight;

/// <summary>A command a task needs: the Debian package that provides it (if any), and how else to get it.</summary>
public sealed record ToolRequirement(string Command, string? DebianPackage, string NeededBy, string InstallHint)
{
    public static ToolRequirement Debian(string command, string package, string neededBy) =>
        new(command, package, neededBy, $"apt-get install {package}");

    public static ToolRequirement Git(string neededBy) => Debian("git", "git", neededBy);

    public static ToolRequirement Buildah(string neededBy) => Debian("buildah", "buildah", neededBy);

    public static ToolRequirement Skopeo(string neededBy) => Debian("skopeo", "skopeo", neededBy);

    public static ToolRequirement Registry(string neededBy) => Debian("docker-registry", "docker-registry", neededBy);

    public static ToolRequirement Umoci(string neededBy) => Debian("umoci", "umoci", neededBy);

    public static ToolRequirement DockerBuildx(string neededBy) =>
        new("docker", null, neededBy, "install Docker with the buildx plugin (https://docs.docker.com/build/install-buildx/), or use --builder=buildah");
}
