using System.Reflection;
using Cake.Cli;

namespace Cake.Frosting.Internal;

/// <summary>--version and --info print the build program's own version (its entry assembly), and the Cake engine's.</summary>
internal sealed class EntryAssemblyVersion : IVersionResolver
{
    public string GetVersion() =>
        (Assembly.GetEntryAssembly() ?? typeof(EntryAssemblyVersion).Assembly).GetName().Version?.ToString(3) ?? "0.0.0";

    public string GetProductVersion()
    {
        var engine = typeof(Cake.Core.ICakeContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var program = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? GetVersion();
        return $"{program} (Cake engine {engine.Split('+')[0]})";
    }
}
