#include <cstdio>
int main() { std::puts("lianxin (placeholder)"); return 0; }
