using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Engine.Recommend;

internal sealed partial class InferenceBatcher
{
    /// <summary>
    /// The calls waiting for one mask's next inference (an intrusive FIFO through <see cref="RecommendCall.Next"/>, so
    /// queueing allocates nothing) and whether an inference for it is running.
    /// </summary>
    internal sealed class BatchQueue(int maxBatch)
    {
        private readonly Lock gate = new();
        private RecommendCall? head;
        private RecommendCall? tail;
        private bool running;

        /// <summary>The current batch's calls; only the current leader touches it.</summary>
        public RecommendCall?[] Batch { get; } = new RecommendCall?[maxBatch];

        /// <summary>The current batch's rows, parallel to <see cref="Batch"/>.</summary>
        public InferenceRow[] Rows { get; } = new InferenceRow[maxBatch];

        /// <summary>True when nothing is running: the caller leads now. Otherwise the call is queued, armed to wait.</summary>
        public bool TryLeadOrEnqueue(RecommendCall call)
        {
            lock (gate)
            {
                if (!running)
                {
                    running = true;
                    return true;
                }

                call.ResetWait();
                call.Queue = this;
                call.Next = null;
                if (tail is null)
                {
                    head = call;
                }
                else
                {
                    tail.Next = call;
                }

                tail = call;
                return false;
            }
        }

        /// <summary>
        /// Fills <see cref="Batch"/> after its first <paramref name="count"/> calls with queued ones, oldest first (the
        /// leader goes first when <paramref name="count"/> is 0); returns the new count.
        /// </summary>
        public int Take(RecommendCall leader, int count)
        {
            lock (gate)
            {
                if (count == 0)
                {
                    Batch[count++] = leader;
                }

                while (count < Batch.Length && Dequeue() is { } call)
                {
                    Batch[count++] = call;
                }

                return count;
            }
        }

        /// <summary>Ends the running batch: returns the call to lead the next one, or null (and idle) when none waits.</summary>
        public RecommendCall? Finish()
        {
            lock (gate)
            {
                var next = Dequeue();
                running = next is not null;
                return next;
            }
        }

        /// <summary>Takes a cancelled call out; false when it already left the queue (it is in a batch, or leads one).</summary>
        public bool TryRemove(RecommendCall call)
        {
            lock (gate)
            {
                if (call.Queue != this)
                {
                    return false;
                }

                RecommendCall? previous = null;
                for (var current = head; current is not null; previous = current, current = current.Next)
                {
                    if (current != call)
                    {
                        continue;
                    }

                    if (previous is null)
                    {
                        head = call.Next;
                    }
                    else
                    {
                        previous.Next = call.Next;
                    }

                    if (tail == call)
                    {
                        tail = previous;
                    }

                    break;
                }

                call.Next = null;
                call.Queue = null;
                return true;
            }
        }

        private RecommendCall? Dequeue()
        {
            var call = head;
            if (call is null)
            {
                return null;
            }

            head = call.Next;
            if (head is null)
            {
                tail = null;
            }

            call.Next = null;
            call.Queue = null;
            return call;
        }
    }
}
