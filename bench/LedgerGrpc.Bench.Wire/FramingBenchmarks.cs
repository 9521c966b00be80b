using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Google.Protobuf;
using LedgerGrpc.Bench.Wire.Protos;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Bench.Wire;

/// <summary>
/// The per-message hot paths against hand-written baselines doing the same work with no checks:
/// framing a reply into a buffer writer, and reading one framed request from a pipe.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FramingBenchmarks
{
    private readonly HelloReply _reply = new() { Message = "Hello world" };
    private readonly ArrayBufferWriter<byte> _output = new(256);
    private readonly Pipe _pipe = new();
    private byte[] _framedRequest = [];

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageWriter.Write(buffer, new HelloRequest { Name = "world" });
        _framedRequest = buffer.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("write")]
    public int WriteByHand()
    {
        _output.ResetWrittenCount();
        var size = _reply.CalculateSize();
        var span = _output.GetSpan(5 + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        _reply.WriteTo(span.Slice(5, size));
        _output.Advance(5 + size);
        return _output.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("write")]
    public int WriteWithMessageWriter()
    {
        _output.ResetWrittenCount();
        MessageWriter.Write(_output, _reply);
        return _output.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("read")]
    public string ReadByHand()
    {
        _pipe.Writer.Write(_framedRequest);
        _pipe.Writer.FlushAsync().GetAwaiter().GetResult();
        _pipe.Reader.TryRead(out var result);
        var buffer = result.Buffer;
        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        var request = HelloRequest.Parser.ParseFrom(buffer.Slice(5, length));
        _pipe.Reader.AdvanceTo(buffer.GetPosition(5 + length));
        return request.Name;
    }

    [Benchmark, BenchmarkCategory("read")]
    public string ReadWithMessageReader()
    {
        _pipe.Writer.Write(_framedRequest);
        _pipe.Writer.FlushAsync().GetAwaiter().GetResult();
        var reader = new MessageReader(_pipe.Reader, 4 * 1024 * 1024, null);
        return reader.ReadAsync(HelloRequest.Parser).GetAwaiter().GetResult()!.Name;
    }
}
