using Cake.Core;

namespace Build.Tests.Frosting.Sample;

/// <summary>What the sample tasks did, in order.</summary>
public sealed class Recorder
{
    public List<string> Events { get; } = [];
}

public sealed class RecordingContext(ICakeContext context, Recorder recorder) : FrostingContext(context)
{
    public Recorder Recorder { get; } = recorder;
}

[TaskName("First")]
[TaskDescription("The first task")]
public sealed class FirstTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Recorder.Events.Add("First");
}

[TaskName("Second")]
[IsDependentOn(typeof(FirstTask))]
public sealed class SecondTask : AsyncFrostingTask<RecordingContext>
{
    public override async Task RunAsync(RecordingContext context)
    {
        await Task.Yield();
        context.Recorder.Events.Add("Second");
    }
}

[TaskName("Early")]
[IsDependeeOf(typeof(SecondTask))]
public sealed class EarlyTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Recorder.Events.Add("Early");
}

[TaskName("Third")]
[IsDependentOn(typeof(SecondTask))]
[IsDependentOn(typeof(SkippedTask))]
public sealed class ThirdTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Recorder.Events.Add("Third");
}

[TaskName("Skipped")]
public sealed class SkippedTask : FrostingTask<RecordingContext>
{
    public override string SkippedMessage => "the sample says so";

    public override bool ShouldRun(RecordingContext context) => false;

    public override void Run(RecordingContext context) => context.Recorder.Events.Add("Skipped ran");
}

[TaskName("Failing")]
public sealed class FailingTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => throw new InvalidOperationException("sample failure");

    public override void Finally(RecordingContext context) => context.Recorder.Events.Add("Finally");
}

[TaskName("Handled")]
public sealed class HandledTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => throw new InvalidOperationException("handled failure");

    public override void OnError(Exception exception, RecordingContext context) => context.Recorder.Events.Add("OnError: " + exception.Message);
}

[TaskName("Rethrown")]
public sealed class RethrownTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => throw new InvalidOperationException("rethrown failure");

    public override void OnError(Exception exception, RecordingContext context)
    {
        context.Recorder.Events.Add("OnError: " + exception.Message);
        throw exception;
    }
}

[TaskName("Tolerant")]
[ContinueOnError]
public sealed class TolerantTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => throw new InvalidOperationException("tolerated failure");
}

[TaskName("AfterTolerant")]
[IsDependentOn(typeof(TolerantTask))]
public sealed class AfterTolerantTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context) => context.Recorder.Events.Add("AfterTolerant");
}

[TaskName("Settings")]
public sealed class SettingsTask : FrostingTask<RecordingContext>
{
    public override void Run(RecordingContext context)
    {
        context.Recorder.Events.Add("setting=" + context.Configuration.GetValue("Sample_Key"));
        if (context.Arguments.HasArgument("custom"))
        {
            context.Recorder.Events.Add("custom=" + context.Arguments.GetArgument("custom"));
        }

        context.Recorder.Events.Add("working=" + context.Environment.WorkingDirectory.FullPath);
    }
}

[TaskName("Aggregate")]
[IsDependentOn(typeof(FirstTask))]
public sealed class AggregateTask : FrostingTask<RecordingContext>;

public sealed class RecordingLifetime : FrostingLifetime<RecordingContext>
{
    public override void Setup(RecordingContext context, ISetupContext info) => context.Recorder.Events.Add("setup");

    public override void Teardown(RecordingContext context, ITeardownContext info) => context.Recorder.Events.Add("teardown");
}

public sealed class RecordingTaskLifetime : FrostingTaskLifetime<RecordingContext>
{
    public override void Setup(RecordingContext context, ITaskSetupContext info) => context.Recorder.Events.Add("before " + info.Task.Name);

    public override void Teardown(RecordingContext context, ITaskTeardownContext info) => context.Recorder.Events.Add("after " + info.Task.Name);
}
