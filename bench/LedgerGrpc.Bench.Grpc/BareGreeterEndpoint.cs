using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using LedgerGrpc.Bench.Grpc.Protos;

namespace LedgerGrpc.Bench.Grpc;

/// <summary>
/// The baseline: the same Greeter call on bare Kestrel with the gRPC framing done by hand — read the
/// whole request body, parse the one length-prefixed message, write one framed reply and the
/// grpc-status trailer. No validation, deadlines, metadata or error handling.
/// </summary>
public static class BareGreeterEndpoint
{
    public const string Path = "/bare.v1.Greeter/SayHello";

    public static async Task HandleAsync(HttpContext http)
    {
        var reader = http.Request.BodyReader;
        ReadResult result;
        while (true)
        {
            result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        var buffer = result.Buffer;
        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        var request = HelloRequest.Parser.ParseFrom(buffer.Slice(5, length));
        reader.AdvanceTo(buffer.End);

        var reply = new HelloReply { Message = "Hello " + request.Name };
        http.Response.ContentType = "application/grpc";
        var size = reply.CalculateSize();
        var writer = http.Response.BodyWriter;
        var span = writer.GetSpan(5 + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        reply.WriteTo(span.Slice(5, size));
        writer.Advance(5 + size);
        http.Response.AppendTrailer("grpc-status", "0");
    }
}
