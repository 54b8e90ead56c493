namespace Cake.Frosting;

/// <summary>A fault in how the build program is put together (not in what it builds).</summary>
public sealed class FrostingException(string message) : Exception(message);
