using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Tools.Buildah;

/// <summary>Options every buildah command takes: where its image store lives.</summary>
public abstract class BuildahSettings : ToolSettings
{
    public DirectoryPath? Root { get; set; }

    public DirectoryPath? RunRoot { get; set; }

    /// <summary>vfs works everywhere (no overlay mounts needed); overlay is faster where the kernel allows it.</summary>
    public string? StorageDriver { get; set; }
}

/// <summary><c>buildah build</c> of one platform into a local manifest list.</summary>
public sealed class BuildahBuildSettings : BuildahSettings
{
    public required DirectoryPath Context { get; set; }

    public FilePath? Dockerfile { get; set; }

    public string? Platform { get; set; }

    /// <summary>The local manifest list the image is added to.</summary>
    public string? Manifest { get; set; }

    /// <summary>chroot runs RUN steps without a container runtime's namespaces (daemonless, no root-only kernel features).</summary>
    public string? Isolation { get; set; } = "chroot";

    /// <summary>Seconds since the epoch for every timestamp in the image, so that a rebuild gives the same digest.</summary>
    public long? Timestamp { get; set; }

    public IDictionary<string, string> BuildArgs { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public bool Quiet { get; set; } = true;

    /// <summary>Pull policy for base images: "missing" avoids the network when they are cached.</summary>
    public string? Pull { get; set; }
}

/// <summary><c>buildah manifest push --all</c>: the index and every image it lists.</summary>
public sealed class BuildahManifestPushSettings : BuildahSettings
{
    public required string Manifest { get; set; }

    /// <summary>The destination, e.g. docker://ghcr.io/owner/name:1.2.3.</summary>
    public required string Destination { get; set; }

    public bool All { get; set; } = true;

    /// <summary>oci pushes an OCI image index; v2s2 a Docker manifest list.</summary>
    public string Format { get; set; } = "oci";

    public FilePath? DigestFile { get; set; }

    /// <summary>False only for loopback registries (plain HTTP); TLS is verified everywhere else.</summary>
    public bool TlsVerify { get; set; } = true;

    /// <summary>A containers-auth.json with the registry's login (see <see cref="Registry.RegistryAuthFile"/>); none: buildah's own logins.</summary>
    public FilePath? AuthFile { get; set; }

    public bool Quiet { get; set; } = true;
}

/// <summary><c>buildah manifest rm</c>.</summary>
public sealed class BuildahManifestRemoveSettings : BuildahSettings
{
    public required string Manifest { get; set; }
}
