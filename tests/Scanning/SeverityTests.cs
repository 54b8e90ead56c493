using Build.Scanning;

namespace Build.Tests.Scanning;

public sealed class SeverityTests
{
    [Test]
    public void A_list_from_settings_is_read_in_any_case_with_spaces()
    {
        Assert.That(Severity.ParseList(" critical, High ", "Scan.FailOn"), Is.EquivalentTo(new[] { "CRITICAL", "HIGH" }));
    }

    [Test]
    public void An_unknown_severity_names_the_setting_and_the_allowed_names()
    {
        var error = Assert.Throws<ArgumentException>(() => Severity.ParseList("CRITICAL,SEVERE", "Scan.FailOn"));

        Assert.That(error.Message, Does.Contain("Scan.FailOn: 'SEVERE' is not a severity").And.Contain("CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN"));
    }

    [Test]
    public void Rank_orders_the_most_severe_first()
    {
        Assert.That(new[] { "LOW", "UNKNOWN", "CRITICAL", "MEDIUM", "HIGH" }.OrderBy(Severity.Rank), Is.EqualTo(Severity.All));
    }
}
