using Spectre.Console;

namespace Build.Signing;

/// <summary>Where GenerateKeys asks for the new key's password when COSIGN_PASSWORD is unset.</summary>
public interface IPasswordPrompt
{
    /// <summary>False when there is no terminal to ask on (standard input is redirected).</summary>
    bool CanAsk { get; }

    /// <summary>Asks for a secret, echoing nothing; an empty answer is an empty password.</summary>
    string Ask(string prompt);
}

/// <summary>The terminal the program runs in.</summary>
public sealed class TerminalPasswordPrompt : IPasswordPrompt
{
    public bool CanAsk => !Console.IsInputRedirected;

    public string Ask(string prompt) => AnsiConsole.Prompt(new TextPrompt<string>(prompt).Secret().AllowEmpty());
}
