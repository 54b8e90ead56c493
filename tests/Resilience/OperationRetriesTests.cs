using Build.Resilience;

namespace Build.Tests.Resilience;

/// <summary>The retry pipeline for operations (tool runs, pushes, GitHub calls): which failures are repeated, how often, and what is logged.</summary>
public sealed class OperationRetriesTests
{
    private static readonly RetrySettings Fast = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

    private sealed class TransientFailure(string message) : Exception(message);

    /// <summary>Runs an operation that fails with <paramref name="failures"/> in turn, then succeeds; returns the calls made, the log and the error that escaped.</summary>
    private static (int Calls, List<string> Log, Exception? Error) Run(RetrySettings settings, params Exception[] failures)
    {
        var log = new List<string>();
        var calls = 0;
        var pipeline = Retries.Operations(settings, log.Add, exception => exception is TransientFailure);
        try
        {
            pipeline.Execute(() =>
            {
                var call = calls++;
                if (call < failures.Length)
                {
                    throw failures[call];
                }
            });
            return (calls, log, null);
        }
        catch (Exception exception)
        {
            return (calls, log, exception);
        }
    }

    [Test]
    public void A_transient_failure_is_repeated_until_the_operation_succeeds()
    {
        var (calls, log, error) = Run(Fast, new TransientFailure("503"), new TransientFailure("503"));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(calls, Is.EqualTo(3));
            Assert.That(log, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Retries_0_means_a_failed_operation_is_not_repeated()
    {
        var failure = new TransientFailure("503");

        var (calls, log, error) = Run(Fast with { Retries = 0 }, failure, failure);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.SameAs(failure));
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(log, Is.Empty);
        });
    }

    [Test]
    public void A_failure_that_is_not_transient_is_not_repeated_and_propagates()
    {
        var failure = new InvalidOperationException("manifest unknown");

        var (calls, log, error) = Run(Fast, failure);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.SameAs(failure));
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(log, Is.Empty);
        });
    }

    [Test]
    public void After_the_last_retry_the_last_failure_propagates()
    {
        var failures = Enumerable.Range(1, 5).Select(n => new TransientFailure($"failure {n}")).ToArray();

        var (calls, log, error) = Run(Fast, failures);

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(Fast.Retries + 1));
            Assert.That(error, Is.SameAs(failures[Fast.Retries]));
            Assert.That(log, Has.Count.EqualTo(Fast.Retries));
        });
    }

    [Test]
    public void Each_retry_is_logged_with_its_number_and_the_first_line_of_the_error()
    {
        var (_, log, _) = Run(Fast, new TransientFailure("  registry said 503  \nsecond line\nthird line"), new TransientFailure("reset"));

        Assert.That(log, Has.Count.EqualTo(2));
        Assert.That(log[0], Does.Match(@"^Retrying in \d+\.\d s \(retry 1 of 3\): registry said 503$"));
        Assert.That(log[1], Does.Match(@"^Retrying in \d+\.\d s \(retry 2 of 3\): reset$"));
    }
}
