namespace Build.Registry;

/// <summary>A registry login. <see cref="ToString"/> never shows the password.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>Credentials when both parts are given, none (anonymous access) when neither is.</summary>
    public static RegistryCredentials? From(string? username, string? password, string source)
    {
        var hasUsername = !string.IsNullOrEmpty(username);
        var hasPassword = !string.IsNullOrEmpty(password);
        if (hasUsername != hasPassword)
        {
            throw new ArgumentException($"{source}: a registry {(hasUsername ? "username is set without a password" : "password is set without a username")}; set both, or neither for anonymous access.");
        }

        return hasUsername ? new RegistryCredentials(username!, password!) : null;
    }

    public override string ToString() => $"RegistryCredentials {{ Username = {Username}, Password = *** }}";
}
