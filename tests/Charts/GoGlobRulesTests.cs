using Build.Charts;

namespace Build.Tests.Charts;

/// <summary>More of Go's filepath.Match semantics (character classes, escapes, anchoring) and its ErrBadPattern cases.</summary>
public sealed class GoGlobRulesTests
{
    [TestCase("[a-cx-z]", "y", true)]
    [TestCase("[a-cx-z]", "m", false)]
    [TestCase("[a-a]", "a", true)]
    [TestCase("[\\]]", "]", true)]
    [TestCase("[a\\-z]", "-", true)]
    [TestCase("[a\\-z]", "b", false)]
    [TestCase("[.]", ".", true)]
    [TestCase("[.]", "x", false)]
    [TestCase("a.b", "axb", false)]
    [TestCase("a+b", "a+b", true)]
    [TestCase("a?", "ab", true)]
    [TestCase("a?", "a", false)]
    [TestCase("ab", "abc", false)]
    [TestCase("bc", "abc", false)]
    [TestCase("a*b", "a\nb", true)]
    [TestCase("a?b", "a\nb", true)]
    [TestCase("[^a]", "\n", true)]
    public void A_glob_matches_what_Go_filepath_Match_matches(string glob, string name, bool matches)
    {
        Assert.That(GoGlob.Compile(glob).IsMatch(name), Is.EqualTo(matches));
    }

    [TestCase("[", "a [ is never closed by ]")]
    [TestCase("[a", "a [ is never closed by ]")]
    [TestCase("[^", "a [ is never closed by ]")]
    [TestCase("[\\", "a [ is never closed by ]")]
    [TestCase("[-a]", "'-' cannot start a range in [...]; escape it as \\-")]
    [TestCase("[a-]", "']' cannot start a range in [...]; escape it as \\]")]
    [TestCase("[b-a]", "the range b-a in [...] runs backwards")]
    [TestCase("a\\", "it ends with a lone \\")]
    public void A_malformed_glob_is_refused_saying_how(string glob, string reason)
    {
        var error = Assert.Throws<FormatException>(() => GoGlob.Compile(glob));

        Assert.That(error.Message, Is.EqualTo(reason));
    }
}
