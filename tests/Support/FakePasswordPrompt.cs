using Build.Signing;

namespace Build.Tests.Support;

/// <summary>A stand-in terminal: answers each prompt with the next of the given answers, and keeps the prompts it was asked.</summary>
public sealed class FakePasswordPrompt(bool canAsk, params string[] answers) : IPasswordPrompt
{
    private readonly Queue<string> _answers = new(answers);

    public List<string> Prompts { get; } = [];

    public bool CanAsk => canAsk;

    public string Ask(string prompt)
    {
        Prompts.Add(prompt);
        return _answers.Dequeue();
    }
}
