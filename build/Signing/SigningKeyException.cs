namespace Build.Signing;

/// <summary>A signing key that cannot be used: the message names the key's source and what would fix it, never a secret.</summary>
public sealed class SigningKeyException(string message) : Exception(message);
