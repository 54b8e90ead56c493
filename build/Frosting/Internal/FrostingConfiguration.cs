using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.IO;

namespace Cake.Frosting.Internal;

/// <summary>
/// Cake settings with Cake's precedence: UseCakeSetting &lt; CAKE_* environment variables &lt; cake.config &lt; command line.
/// Read on first use, so that cake.config is taken from the final working directory.
/// </summary>
internal sealed class FrostingConfiguration : ICakeConfiguration
{
    private readonly Lazy<ICakeConfiguration> _configuration;

    public FrostingConfiguration(IEnumerable<ConfigurationSetting> settings, IFileSystem fileSystem, ICakeEnvironment environment, ICakeArguments arguments)
    {
        _configuration = new Lazy<ICakeConfiguration>(() =>
        {
            var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var setting in settings)
            {
                defaults[setting.Key] = setting.Value;
            }

            var fromCommandLine = arguments.GetArguments()
                .ToDictionary(pair => pair.Key, pair => pair.Value.LastOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            return new CakeConfigurationProvider(fileSystem, environment)
                .CreateConfiguration(environment.WorkingDirectory, defaults, fromCommandLine);
        });
    }

    public string GetValue(string key) => _configuration.Value.GetValue(key);
}
