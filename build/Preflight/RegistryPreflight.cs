using Build.Configuration;
using Build.Registry;
using Cake.Common.Diagnostics;

namespace Build.Preflight;

/// <summary>
/// Makes sure the image's registry answers before anything is built or pushed. A rehearsal against a loopback registry
/// where nothing listens starts Debian's docker-registry itself, with storage under artifacts/registry/ so that a
/// re-run sees what was pushed before.
/// </summary>
public static class RegistryPreflight
{
    /// <summary>
    /// Launches the rehearsal registry in the background when one is needed and docker-registry is installed, so that it
    /// comes up while the rest of the preflight and the first tasks run; <see cref="EnsureAsync"/> finishes the job.
    /// </summary>
    public static void LaunchEarly(BuildContext context, Func<string, bool> installed)
    {
        var image = context.Options.Settings.Image;
        StopOrphan(context);
        if (!context.Options.IsPublishing && image.IsLoopback && context.Services.StartedRegistry is null && installed(LocalRegistry.Executable)
            && !LocalRegistry.IsListening(image.Host, image.Port ?? 80))
        {
            Launch(context);
        }
    }

    public static async Task EnsureAsync(BuildContext context)
    {
        var image = context.Options.Settings.Image;
        if (!context.Options.RegistryLoginApplies && !string.IsNullOrEmpty(context.Options.Secrets.RegistryPassword))
        {
            context.Information(
                "REGISTRY_USERNAME/REGISTRY_PASSWORD belong to {0}: the rehearsal registry {1} gets no credentials (rehearse with --image={0}/... to use them there)",
                context.Options.Settings.PublishedImage.Registry,
                image.Registry);
        }

        if (context.Services.StartedRegistry is not null)
        {
            return;
        }

        StopOrphan(context);

        if (image.IsLoopback && !LocalRegistry.IsListening(image.Host, image.Port ?? 80))
        {
            if (context.Options.IsPublishing)
            {
                throw new BuildConfigurationException($"Nothing listens at {image.Registry} (the image {image}); publish mode does not start a registry: start yours or pass --image=REGISTRY/PATH.");
            }

            Launch(context);
            return;
        }

        bool answers;
        try
        {
            answers = await context.Services.ImageRegistry.PingAsync();
        }
        catch (RegistryException exception)
        {
            throw new BuildConfigurationException($"The registry of {image} did not answer as a registry: {exception.Message} Check --image / [Release] Image and your login (REGISTRY_USERNAME/REGISTRY_PASSWORD or docker login).");
        }

        if (!answers)
        {
            throw new BuildConfigurationException($"The registry {image.Registry} (of {image}) is unreachable; check the name in --image / [Release] Image and the network.");
        }

        if (!context.Options.IsPublishing && image.IsLoopback)
        {
            context.Warning(
                "The rehearsal uses the registry already listening at {0}, which this run did not start (nor did an earlier run in this working directory): what it holds and who stops it are not this build's. For a registry of this working directory's own, set the rehearsal image's port to 0 (a free port, remembered in {1}).",
                image.Registry,
                context.Options.Layout.RegistryPortFile.FullPath);
        }
    }

    /// <summary>A registry an earlier, killed run of this working directory left running is stopped (by its PID), never reused unannounced.</summary>
    private static void StopOrphan(BuildContext context)
    {
        if (context.Services.StartedRegistry is null && !context.Options.IsPublishing && RehearsalRegistry.Orphan(context.Options.Layout.Root.FullPath) is { } pid)
        {
            RehearsalRegistry.StopOrphan(context.Options.Layout.Root.FullPath, pid);
            context.Warning("Stopped the rehearsal registry (PID {0}) that an interrupted run in this working directory left running; starting a fresh one on the same storage", pid);
        }
    }

    /// <summary>It comes up while other work goes on; the first registry call waits for it.</summary>
    private static void Launch(BuildContext context)
    {
        var image = context.Options.Settings.Image;
        var layout = context.Options.Layout;
        var storage = layout.RegistryStorage.FullPath;
        var registry = LocalRegistry.StartInBackground(storage, image.Host, image.Port ?? 80, layout.RegistryLog.FullPath);
        context.Services.Started(registry);
        RehearsalRegistry.Record(layout.Root.FullPath, registry);
        context.Information("Started a rehearsal registry at {0} (PID {1}, storage {2})", registry.Address, registry.Pid, storage);
    }
}
