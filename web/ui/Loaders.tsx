import { Center, Loader } from '@mantine/core';

export function FullPageLoader() {
  return (
    <Center h="100dvh">
      <Loader />
    </Center>
  );
}

export function PageLoader() {
  return (
    <Center py="xl" mih={200}>
      <Loader size="sm" />
    </Center>
  );
}
