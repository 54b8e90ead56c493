using Cake.Core;

namespace Build.Configuration;

/// <summary>cake.config [Helm] RequireProvenance: whether publishing without a Helm signing key (HELM_SIGNING_KEY) stops.</summary>
public sealed record HelmProvenanceSettings(bool RequireProvenance)
{
    public const string RequireProvenanceKey = "Helm_RequireProvenance";

    public static HelmProvenanceSettings Default { get; } = new(false);

    public static HelmProvenanceSettings Read(ICakeContext context) => context.Configuration.GetValue(RequireProvenanceKey) switch
    {
        null or "" => Default,
        var text when bool.TryParse(text, out var value) => new(value),
        var text => throw new BuildConfigurationException($"{RequireProvenanceKey} ([Helm] RequireProvenance in cake.config) is '{text}': write true (publishing without HELM_SIGNING_KEY stops) or false (it warns and releases the chart without a .prov)."),
    };
}
