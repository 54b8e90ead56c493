using Build.Configuration;
using Build.Registry;
using Cake.Common.Diagnostics;

namespace Build.Charts;

/// <summary>HelmPackage's use of <see cref="SidecarDigests"/>: what it logs, and what publish mode refuses.</summary>
public static class SidecarPinning
{
    /// <summary>How long one registry request for a sidecar may take: an unreachable registry is reported, not waited for.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pins every sidecar image of the packaged copy's <paramref name="valuesYaml"/> by digest. Publishing refuses a chart
    /// with a sidecar left unpinned (everything a released chart deploys is immutable); a rehearsal, which often cannot
    /// reach the sidecars' registries, warns which stay unpinned and goes on.
    /// </summary>
    public static async Task PinSidecarDigestsAsync(this BuildContext context, string valuesYaml)
    {
        var pins = await WithClientsAsync(context, digests => digests.PinAsync(valuesYaml));

        foreach (var pin in pins.Where(pin => pin.IsPinned))
        {
            context.Information("Sidecar {0} pinned: {1}@{2}{3}", pin.Image.Name, pin.Image.Reference, pin.Digest, pin.WasCommitted ? " (committed in values.yaml)" : string.Empty);
        }

        var unpinned = pins.Where(pin => !pin.IsPinned).ToList();
        if (unpinned.Count == 0)
        {
            return;
        }

        var list = string.Join("; ", unpinned.Select(pin => $"{pin.Image.Reference}: {pin.Unpinned}"));
        if (context.Options.IsPublishing)
        {
            throw new BuildConfigurationException(
                $"{unpinned.Count} sidecar image(s) of the chart could not be pinned by digest, and a published chart deploys only images pinned by digest: {list}. Make the registry reachable, or commit the digest as sidecars.NAME.image.digest in values.yaml.");
        }

        context.Warning("{0} of {1} sidecar images stay unpinned in this rehearsal's chart (they render as repository:tag): {2}. Publishing pins them or stops.", unpinned.Count, pins.Count, list);
    }

    /// <summary>
    /// Publish mode's preflight: the sidecars of the committed <paramref name="valuesYaml"/> that cannot be pinned, each
    /// named with the reason, so that an unreachable sidecar registry stops the release before anything is pushed.
    /// </summary>
    public static IReadOnlyList<string> UnpinnableSidecars(BuildContext context, string valuesYaml)
    {
        IReadOnlyList<SidecarPin> pins;
        try
        {
            pins = WithClientsAsync(context, digests => digests.ResolveAsync(valuesYaml)).GetAwaiter().GetResult();
        }
        catch (ChartException exception)
        {
            return [exception.Message];
        }

        return pins.Where(pin => !pin.IsPinned)
            .Select(pin => $"the chart's sidecar {pin.Image.Reference} cannot be pinned by digest ({pin.Unpinned}), and a published chart deploys only images pinned by digest: make its registry reachable, or commit the digest as sidecars.{pin.Image.Name}.image.digest in values.yaml.")
            .ToList();
    }

    private static async Task<IReadOnlyList<SidecarPin>> WithClientsAsync(BuildContext context, Func<SidecarDigests, Task<IReadOnlyList<SidecarPin>>> resolve)
    {
        var clients = new Dictionary<string, OciRegistryClient>(StringComparer.OrdinalIgnoreCase);
        try
        {
            OciRegistryClient ClientFor(string registry)
            {
                if (registry.Equals(context.Options.Settings.Image.Registry, StringComparison.OrdinalIgnoreCase))
                {
                    return context.Services.ImageRegistry;
                }

                lock (clients)
                {
                    if (!clients.TryGetValue(registry, out var client))
                    {
                        client = new OciRegistryClient(OciRegistryClient.BaseUriFor(registry), DockerConfig.Find(registry), RequestTimeout);
                        clients[registry] = client;
                    }

                    return client;
                }
            }

            return await resolve(new SidecarDigests(ClientFor));
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
