using Build.Configuration;
using Build.Keys;
using Cake.Common.Diagnostics;
using Cake.Core;

namespace Build.Tasks;

[TaskName("RevokeKey")]
[State.WritesNoReleaseState]
[TaskDescription("Marks a key revoked in deploy/keys/keys.yaml (--key-id=ID --reason=TEXT) and removes it from the key-based admission policy; VerifyRelease then refuses what only it signed")]
public sealed class RevokeKeyTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var id = context.Arguments.HasArgument(Arguments.KeyId) ? context.Arguments.GetArgument(Arguments.KeyId).Trim() : string.Empty;
        var reason = context.Arguments.HasArgument(Arguments.Reason) ? context.Arguments.GetArgument(Arguments.Reason) : string.Empty;
        if (id.Length == 0)
        {
            throw new BuildConfigurationException($"RevokeKey needs --key-id=ID (the id in {KeysFile.RelativePath}, or its first 12 or more hex digits) and --reason=TEXT.");
        }

        var rotation = new KeyRotation(context.Options.RepositoryRoot.FullPath);
        var revoked = rotation.Revoke(id, reason, DateOnly.FromDateTime(DateTime.UtcNow));
        var trusted = rotation.Trusted(rotation.Keys).Count;
        context.Information("Revoked key {0} on {1:yyyy-MM-dd}: {2}", revoked.Id, revoked.Revoked, revoked.Reason);
        context.Information("Admission policy {0} now accepts {1} key(s); VerifyRelease refuses a release signed only by {2}", KeyPolicy.RelativePath, trusted, revoked.ShortId);
        if (!rotation.Keys.Any(key => key.Status == KeyStatus.Active))
        {
            context.Warning("No key is active now: run ./build.sh --target=RotateKeys before the next release.");
        }
    }
}
