import { Fragment, useMemo } from 'react';
import { Anchor, Blockquote, Box, Code, Divider, List, Text, Title } from '@mantine/core';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown';

function Inlines({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((n, i) => {
        switch (n.type) {
          case 'text':
            return <Fragment key={i}>{n.text}</Fragment>;
          case 'strong':
            return (
              <strong key={i}>
                <Inlines nodes={n.children} />
              </strong>
            );
          case 'em':
            return (
              <em key={i}>
                <Inlines nodes={n.children} />
              </em>
            );
          case 'code':
            return <Code key={i}>{n.text}</Code>;
          case 'link':
            return (
              <Anchor key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
                <Inlines nodes={n.children} />
              </Anchor>
            );
          case 'break':
            return <br key={i} />;
        }
      })}
    </>
  );
}

function Blocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'heading':
            return (
              <Title key={i} order={Math.min(b.level + 1, 6) as 2 | 3 | 4 | 5 | 6} mt="sm" mb="xs">
                <Inlines nodes={b.children} />
              </Title>
            );
          case 'paragraph':
            return (
              <Text key={i} mb="sm" style={{ overflowWrap: 'anywhere' }}>
                <Inlines nodes={b.children} />
              </Text>
            );
          case 'list':
            return (
              <List key={i} type={b.ordered ? 'ordered' : 'unordered'} start={b.ordered ? b.start : undefined} mb="sm" withPadding>
                {b.items.map((item, j) => (
                  <List.Item key={j}>
                    <Inlines nodes={item} />
                  </List.Item>
                ))}
              </List>
            );
          case 'quote':
            return (
              <Blockquote key={i} mb="sm" p="sm">
                <Blocks blocks={b.children} />
              </Blockquote>
            );
          case 'code':
            return (
              <Code key={i} block mb="sm">
                {b.text}
              </Code>
            );
          case 'rule':
            return <Divider key={i} my="sm" />;
        }
      })}
    </>
  );
}

/** A knowledge-base article's Markdown as React elements: no HTML of the text ever reaches the page. */
export function Markdown({ source }: { source: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <Box data-testid="markdown">
      <Blocks blocks={blocks} />
    </Box>
  );
}
