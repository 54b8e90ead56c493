namespace Build.Yaml;

/// <summary>A YAML file could not be read or edited as asked; the message names the file, the key path and the fix.</summary>
public sealed class YamlEditException(string message, Exception? innerException = null) : Exception(message, innerException);
