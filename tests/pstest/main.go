// Command pstest runs Google's in-memory Pub/Sub fake (cloud.google.com/go/pubsub/pstest) for tests.
//
// Usage: pstest [-port N]   (N = 0 picks a free port)
//
// It prints one line, "PSTEST_ADDR=host:port", once the fake is serving, and exits on SIGINT/SIGTERM or
// when its stdin reaches EOF, so a test runner that dies cannot leave it behind.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/pstest"
	pb "google.golang.org/genproto/googleapis/pubsub/v1"
	"google.golang.org/grpc"
)

func main() {
	port := flag.Int("port", 0, "TCP port on 127.0.0.1 to serve on (0 = any free port)")
	flag.Parse()

	fake := pstest.NewServer()
	defer fake.Close()
	addr := fake.Addr

	// pstest (Debian's 0.56) always listens on a random port; to honour -port we serve the same
	// in-memory state from a second gRPC server bound where the caller asked.
	if *port != 0 {
		lis, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
		if err != nil {
			fmt.Fprintln(os.Stderr, "pstest: listen:", err)
			os.Exit(1)
		}
		srv := grpc.NewServer()
		pb.RegisterPublisherServer(srv, &fake.GServer)
		pb.RegisterSubscriberServer(srv, &fake.GServer)
		go func() { _ = srv.Serve(lis) }()
		defer srv.Stop()
		addr = lis.Addr().String()
	}

	fmt.Printf("PSTEST_ADDR=%s\n", addr)

	done := make(chan struct{}, 2)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() { <-sigs; done <- struct{}{} }()
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); done <- struct{}{} }()
	<-done
}
