using Cake.Core.IO;

namespace Cake.Frosting.Internal;

internal sealed record WorkingDirectory(DirectoryPath Path);

internal sealed record ConfigurationSetting(string Key, string Value);
